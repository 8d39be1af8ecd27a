import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { SqlReader } from '../database/sql-reader.js';
import { badRequest, notFound } from '../common/errors/domain-error.js';
import { slugify } from '../common/util/slugify.js';
import { UUID_PATTERN } from '../common/validation/decorators.js';
import type { CreateTagInput, TagModel, UpdateTagInput } from './dto/tag.dto.js';
import { resolveSlugOrIdRefs, slugTaken, writeWithUniqueSlug } from './refs.js';
import { TagEntity, type TagKind } from './tag.entity.js';
import { ResponseCache } from '../cache/response-cache.js';
import { recordChangeTags } from '../common/http/cache-tags.js';

/** Tags are a small vocabulary; lists answer whole, up to this many. */
export const MAX_TAGS_LISTED = 1000;

export function toTagModel(entity: TagEntity): TagModel {
  return {
    id: entity.id,
    slug: entity.slug,
    name: entity.name,
    kind: entity.kind,
    mediaTopicUri: entity.mediaTopicUri,
  };
}

@Injectable()
export class TagsService {
  constructor(
    @InjectRepository(TagEntity) private readonly tags: Repository<TagEntity>,
    private readonly cache: ResponseCache,
    private readonly reader: SqlReader,
  ) {}

  /** All tags (of one kind, if given), ordered by name then id. */
  async list(kind?: TagKind): Promise<TagModel[]> {
    const rows = await this.tags.find({ where: kind ? { kind } : {}, order: { name: 'ASC', id: 'ASC' }, take: MAX_TAGS_LISTED });
    return rows.map(toTagModel);
  }

  async getBySlugOrId(key: string): Promise<TagModel> {
    const entity = UUID_PATTERN.test(key) ? await this.tags.findOneBy({ id: key.toLowerCase() }) : await this.tags.findOneBy({ slug: key });
    if (!entity) throw notFound('Tag', key);
    return toTagModel(entity);
  }

  /** For batched relation loading: any order in, a map out. */
  async findByIds(ids: readonly string[]): Promise<Map<string, TagEntity>> {
    return this.reader.byIds(TagEntity, ids);
  }

  /** Tags named in input by slug or id: input order kept, duplicates dropped, unknown ones a 400 UNKNOWN_REFERENCE at `field[i]`. */
  /** The id of the tag a list filter names (slug or id); an unknown one is a 404, as for a filter by section. */
  idOf(ref: string): Promise<string> {
    return this.resolveRefs([ref], 'tag').then(
      ([found]) => found.id,
      () => Promise.reject(notFound('Tag', ref)),
    );
  }

  resolveRefs(refs: string[], field: string): Promise<TagEntity[]> {
    return resolveSlugOrIdRefs(this.tags, refs, field, 'tag');
  }

  async create(input: CreateTagInput): Promise<TagModel> {
    const slug = input.slug ?? slugify(input.name);
    if (!slug)
      throw badRequest('INVALID_SLUG', 'No slug can be made from this name; give one.', [
        { field: 'slug', message: 'required when the name has no letters or digits' },
      ]);
    await this.assertSlugFree(slug);
    const now = new Date();
    const entity = this.tags.create({
      id: randomUUID(),
      slug,
      name: input.name,
      kind: input.kind,
      mediaTopicUri: input.mediaTopicUri ?? null,
      createdAt: now,
      updatedAt: now,
    });
    await writeWithUniqueSlug('tag', slug, () => this.tags.insert(entity));
    await this.cache.purge(recordChangeTags('tag', entity.id));
    return toTagModel(entity);
  }

  async update(id: string, input: UpdateTagInput): Promise<TagModel> {
    const entity = await this.tags.findOneBy({ id });
    if (!entity) throw notFound('Tag', id);
    // null means "leave as is" for the required fields and "remove" for the optional ones.
    if (input.slug != null && input.slug !== entity.slug) {
      await this.assertSlugFree(input.slug);
      entity.slug = input.slug;
    }
    if (input.name != null) entity.name = input.name;
    if (input.kind != null) entity.kind = input.kind;
    if (input.mediaTopicUri !== undefined) entity.mediaTopicUri = input.mediaTopicUri;
    entity.updatedAt = new Date();
    await writeWithUniqueSlug('tag', entity.slug, () => this.tags.save(entity));
    await this.cache.purge(recordChangeTags('tag', entity.id));
    return toTagModel(entity);
  }

  /** Deletes the tag; the database drops it from articles (article_tags cascades). */
  async remove(id: string): Promise<void> {
    if (!(await this.tags.existsBy({ id }))) throw notFound('Tag', id);
    await this.tags.delete({ id });
    await this.cache.purge(recordChangeTags('tag', id));
  }

  private async assertSlugFree(slug: string): Promise<void> {
    if (await this.tags.existsBy({ slug })) throw slugTaken('tag', slug);
  }
}
