import { Type } from 'class-transformer';
import { Equals, IsDefined, IsIn, IsOptional, ValidateNested } from 'class-validator';
import { ARTICLE_STATUSES, type ArticleStatus } from '../articles/article.entity.js';
import { CreateArticleInput } from '../articles/dto/article.input.js';
import { IsDateTimeWithOffset, IsId } from '../common/validation/decorators.js';
import { CreateSectionInput } from '../sections/dto/section.dto.js';
import { CreateAuthorInput } from '../taxonomy/dto/author.dto.js';
import { CreateTagInput } from '../taxonomy/dto/tag.dto.js';

/**
 * The content export and import format: JSON Lines, one record per line, each
 * `{ "kind": …, <kind>: <the API's create input> , …}`. Sections, tags and authors come
 * first (parents before children), so every reference an article makes by slug
 * exists by the time it is read. An article record adds what the create input
 * cannot say: its workflow status and dates, and its translation group.
 */
export const RECORD_KINDS = ['section', 'tag', 'author', 'article'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

export class SectionRecord {
  @Equals('section')
  kind!: 'section';

  @IsDefined()
  @ValidateNested()
  @Type(() => CreateSectionInput)
  section!: CreateSectionInput;
}

export class TagRecord {
  @Equals('tag')
  kind!: 'tag';

  @IsDefined()
  @ValidateNested()
  @Type(() => CreateTagInput)
  tag!: CreateTagInput;
}

export class AuthorRecord {
  @Equals('author')
  kind!: 'author';

  @IsDefined()
  @ValidateNested()
  @Type(() => CreateAuthorInput)
  author!: CreateAuthorInput;
}

export class ArticleRecord {
  @Equals('article')
  kind!: 'article';

  /** The article's id where it was exported from (informational: the import makes new ids). */
  @IsOptional()
  @IsId()
  id?: string;

  /** Recreated through the workflow: submit, publish (with publishedAt), schedule (publishAt), archive. */
  @IsIn(ARTICLE_STATUSES)
  status!: ArticleStatus;

  /** published and archived (when it had been published): the publication time, in the past. */
  @IsOptional()
  @IsDateTimeWithOffset()
  publishedAt?: string;

  /** scheduled: the go-live time, in the future. */
  @IsOptional()
  @IsDateTimeWithOffset()
  publishAt?: string;

  /** published or scheduled: a take-down time, in the future. */
  @IsOptional()
  @IsDateTimeWithOffset()
  unpublishAt?: string;

  /** Informational on import (a first publication earlier than `publishedAt` is not recreated). */
  @IsOptional()
  @IsDateTimeWithOffset()
  firstPublishedAt?: string;

  /** Informational on import: the imported article is created now. */
  @IsOptional()
  @IsDateTimeWithOffset()
  createdAt?: string;

  @IsOptional()
  @IsDateTimeWithOffset()
  updatedAt?: string;

  /** Articles of one group are translations of each other; the import keeps the group. */
  @IsOptional()
  @IsId()
  translationGroupId?: string;

  @IsDefined()
  @ValidateNested()
  @Type(() => CreateArticleInput)
  article!: CreateArticleInput;
}

export type ContentRecord = SectionRecord | TagRecord | AuthorRecord | ArticleRecord;

export const RECORD_CLASSES: Record<RecordKind, new () => ContentRecord> = {
  section: SectionRecord,
  tag: TagRecord,
  author: AuthorRecord,
  article: ArticleRecord,
};

/** A copy without null and undefined members (input classes take "left out", not null). */
export function compact<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], null> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined)) as { [K in keyof T]: Exclude<T[K], null> };
}
