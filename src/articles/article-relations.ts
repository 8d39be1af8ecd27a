import { Inject, Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { addCacheTags, CacheTag } from '../common/http/cache-tags.js';
import type { Actor } from '../auth/roles.js';
import type { GqlContext } from '../common/http/request.js';
import { CLOCK, type Clock } from '../common/util/clock.js';
import { APP_CONFIG, type AppConfig } from '../config/config.module.js';
import { MediaService } from '../media/media.service.js';
import type { MediaModel } from '../media/dto/media.dto.js';
import type { SectionEntity } from '../sections/section.entity.js';
import { SectionsService, toSectionModel } from '../sections/sections.service.js';
import type { SectionModel } from '../sections/dto/section.dto.js';
import { toAuthorModel } from '../taxonomy/authors.service.js';
import type { AuthorModel } from '../taxonomy/dto/author.dto.js';
import type { TagModel } from '../taxonomy/dto/tag.dto.js';
import { toTagModel } from '../taxonomy/tags.service.js';
import type { AuthorEntity } from '../taxonomy/author.entity.js';
import type { TagEntity } from '../taxonomy/tag.entity.js';
import type { MediaEntity } from '../media/media.entity.js';
import type { ArticleEntity } from './article.entity.js';
import { ArticlesRepository } from './articles.repository.js';
import type { ArticleCorrectionEntity } from './revisions/article-correction.entity.js';
import type { CorrectionModel } from './dto/correction.model.js';
import type { TranslationModel } from './dto/article.model.js';
import { canSee } from './visibility.js';

/** A story's versions as `actor` may see them, less the article itself, by locale: the one visibility rule decides. */
export function visibleTranslations(articleId: string, versions: ArticleEntity[], actor: Actor | null, now: Date): TranslationModel[] {
  return versions
    .filter((v) => v.id !== articleId && canSee(actor, v, now))
    .map((v) => ({ id: v.id, slug: v.slug, locale: v.locale, headline: v.headline, status: v.status }));
}

const toCorrectionModel = (c: ArticleCorrectionEntity): CorrectionModel => ({ text: c.text, createdAt: c.createdAt });

export interface ArticleRelations {
  section: SectionModel;
  tags: TagModel[];
  authors: AuthorModel[];
  mainImage: MediaModel | null;
  corrections: CorrectionModel[];
}

/** Per-request loaders for GraphQL: each batches every key asked for in one tick into one query. */
export interface ArticleLoaders {
  section: DataLoader<string, SectionModel | null>;
  tags: DataLoader<string, TagModel[]>;
  authors: DataLoader<string, AuthorModel[]>;
  media: DataLoader<string, MediaModel | null>;
  corrections: DataLoader<string, CorrectionModel[]>;
  /** Every version of a story, by translation group id (visibility is the caller's to apply). */
  versions: DataLoader<string, ArticleEntity[]>;
}

const LOADERS_KEY = Symbol('articleLoaders');

/**
 * Loads the relations of many articles with a fixed number of queries, whatever
 * their number: sections, tags (joined through their links), authors (likewise),
 * corrections, media (main images and author photos together). REST calls `loadMany`; GraphQL uses the
 * per-request DataLoaders built on the same batch functions.
 */
@Injectable()
export class ArticleRelationsLoader {
  constructor(
    private readonly repository: ArticlesRepository,
    private readonly sections: SectionsService,
    private readonly media: MediaService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async loadMany(articles: ArticleEntity[]): Promise<Map<string, ArticleRelations>> {
    const ids = articles.map((a) => a.id);
    // A one-article read brought its section, image, tags and bylines along (ArticleEntity.readWith).
    const read = articles.every((a) => a.readWith) ? this.readAlong(articles) : null;
    const [sections, tags, authors, corrections] = await Promise.all([
      read?.sections ?? this.sections.findByIds(articles.map((a) => a.sectionId)),
      read?.tags ?? this.repository.tagsByArticle(ids),
      read?.authors ?? this.repository.authorsByArticle(ids),
      // Articles read with hints that say they have none need no corrections query.
      this.repository.correctionsOf(articles.filter((a) => a.readHints?.corrections !== false).map((a) => a.id)),
    ]);
    const mediaIds = new Set<string>();
    for (const article of articles) if (article.mainImageId && !read?.media.has(article.mainImageId)) mediaIds.add(article.mainImageId);
    for (const list of authors.values())
      for (const author of list) if (author.photoId && !read?.media.has(author.photoId)) mediaIds.add(author.photoId);
    const media = mediaIds.size > 0 ? await this.media.findByIds([...mediaIds]) : new Map<string, MediaEntity>();
    for (const [id, entity] of read?.media ?? []) media.set(id, entity);
    const mediaModel = (id: string | null) => (id && media.has(id) ? this.media.toModel(media.get(id)!) : null);
    const result = new Map<string, ArticleRelations>();
    for (const article of articles) {
      result.set(article.id, {
        section: toSectionModel(sections.get(article.sectionId)!),
        tags: (tags.get(article.id) ?? []).map(toTagModel),
        authors: (authors.get(article.id) ?? []).map((author) => toAuthorModel(author, mediaModel(author.photoId))),
        mainImage: mediaModel(article.mainImageId),
        corrections: (corrections.get(article.id) ?? []).map(toCorrectionModel),
      });
    }
    return result;
  }

  /** The relations one-article reads carried along, as the maps `loadMany` would have queried. */
  private readAlong(articles: ArticleEntity[]) {
    const sections = new Map<string, SectionEntity>();
    const tags = new Map<string, TagEntity[]>();
    const authors = new Map<string, AuthorEntity[]>();
    const media = new Map<string, MediaEntity>();
    for (const { id, readWith } of articles) {
      const { section, mainImage, tags: tagList, authors: authorList } = readWith!;
      if (section) sections.set(section.id, section);
      if (mainImage) media.set(mainImage.id, mainImage);
      tags.set(id, tagList);
      authors.set(id, authorList);
    }
    return { sections, tags, authors, media };
  }

  /** The loaders of this GraphQL request, made on first use. */
  loadersFor(context: GqlContext): ArticleLoaders {
    let loaders = context.memo.get(LOADERS_KEY) as ArticleLoaders | undefined;
    if (!loaders) {
      const tag = (...tags: string[]) => addCacheTags(context.req, ...tags);
      const media = new DataLoader<string, MediaModel | null>(async (ids) => {
        tag(...ids.map(CacheTag.media));
        const found = await this.media.findByIds(ids);
        return ids.map((id) => (found.has(id) ? this.media.toModel(found.get(id)!) : null));
      });
      loaders = {
        section: new DataLoader<string, SectionModel | null>(async (ids) => {
          tag(...ids.map(CacheTag.section));
          const found: Map<string, SectionEntity> = await this.sections.findByIds(ids);
          return ids.map((id) => (found.has(id) ? toSectionModel(found.get(id)!) : null));
        }),
        tags: new DataLoader<string, TagModel[]>(async (articleIds) => {
          const tags = await this.repository.tagsByArticle(articleIds);
          tag(...[...tags.values()].flat().map((t) => CacheTag.tag(t.id)));
          return articleIds.map((id) => (tags.get(id) ?? []).map(toTagModel));
        }),
        authors: new DataLoader<string, AuthorModel[]>(async (articleIds) => {
          const bylines = await this.repository.authorsByArticle(articleIds);
          const authors = new Map<string, AuthorEntity>([...bylines.values()].flat().map((a) => [a.id, a]));
          tag(...[...authors.keys()].map(CacheTag.author));
          const photos = await Promise.all([...authors.values()].map((a) => (a.photoId ? media.load(a.photoId) : Promise.resolve(null))));
          const photoByAuthor = new Map([...authors.keys()].map((id, i) => [id, photos[i]]));
          return articleIds.map((id) => (bylines.get(id) ?? []).map((author) => toAuthorModel(author, photoByAuthor.get(author.id) ?? null)));
        }),
        media,
        corrections: new DataLoader<string, CorrectionModel[]>(async (articleIds) => {
          const found = await this.repository.correctionsOf(articleIds);
          return articleIds.map((id) => (found.get(id) ?? []).map(toCorrectionModel));
        }),
        versions: new DataLoader<string, ArticleEntity[]>(async (groupIds) => {
          const found = await this.repository.versionsOf(groupIds);
          return groupIds.map((id) => found.get(id) ?? []);
        }),
      };
      context.memo.set(LOADERS_KEY, loaders);
    }
    return loaders;
  }

  /** The other versions of an article's story that `actor` may see (one query, none when its read hints say there are none). */
  async translationsOf(article: ArticleEntity, actor: Actor | null): Promise<TranslationModel[]> {
    if (article.readHints?.versions === false) return [];
    const versions = (await this.repository.versionsOf([article.translationGroupId])).get(article.translationGroupId) ?? [];
    return visibleTranslations(article.id, versions, actor, this.clock.now());
  }

  mediaUrl(id: string): string {
    return `${this.config.publicBaseUrl}/api/v1/media/${id}/file`;
  }
}
