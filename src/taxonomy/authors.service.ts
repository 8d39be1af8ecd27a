import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { SqlReader } from '../database/sql-reader.js';
import { badRequest, notFound } from '../common/errors/domain-error.js';
import { slugify } from '../common/util/slugify.js';
import { UUID_PATTERN } from '../common/validation/decorators.js';
import type { MediaModel } from '../media/dto/media.dto.js';
import { MediaService } from '../media/media.service.js';
import { AuthorEntity } from './author.entity.js';
import type { AuthorModel, CreateAuthorInput, UpdateAuthorInput } from './dto/author.dto.js';
import { resolveSlugOrIdRefs, slugTaken, writeWithUniqueSlug } from './refs.js';
import { ResponseCache } from '../cache/response-cache.js';
import { recordChangeTags } from '../common/http/cache-tags.js';

/** Authors are a small vocabulary; lists answer whole, up to this many. */
export const MAX_AUTHORS_LISTED = 1000;

export function toAuthorModel(entity: AuthorEntity, photo: MediaModel | null): AuthorModel {
  return {
    id: entity.id,
    slug: entity.slug,
    name: entity.name,
    bio: entity.bio,
    photoId: entity.photoId,
    photo,
  };
}

@Injectable()
export class AuthorsService {
  constructor(
    @InjectRepository(AuthorEntity) private readonly authors: Repository<AuthorEntity>,
    private readonly media: MediaService,
    private readonly cache: ResponseCache,
    private readonly reader: SqlReader,
  ) {}

  /** All authors, ordered by name then id, with their photos. */
  async list(): Promise<AuthorModel[]> {
    const rows = await this.authors.find({ order: { name: 'ASC', id: 'ASC' }, take: MAX_AUTHORS_LISTED });
    return this.toModels(rows);
  }

  async getBySlugOrId(key: string): Promise<AuthorModel> {
    const entity = UUID_PATTERN.test(key) ? await this.authors.findOneBy({ id: key.toLowerCase() }) : await this.authors.findOneBy({ slug: key });
    if (!entity) throw notFound('Author', key);
    const [model] = await this.toModels([entity]);
    return model;
  }

  /** Models with their photos filled, in one media query for the lot. */
  async toModels(entities: readonly AuthorEntity[]): Promise<AuthorModel[]> {
    const photoIds = entities.flatMap((entity) => (entity.photoId ? [entity.photoId] : []));
    const photos = await this.media.findByIds(photoIds);
    return entities.map((entity) => {
      const photo = entity.photoId ? photos.get(entity.photoId) : undefined;
      return toAuthorModel(entity, photo ? this.media.toModel(photo) : null);
    });
  }

  /** For batched relation loading: any order in, a map out. */
  async findByIds(ids: readonly string[]): Promise<Map<string, AuthorEntity>> {
    return this.reader.byIds(AuthorEntity, ids);
  }

  /** Authors named in input by slug or id: input order kept, duplicates dropped, unknown ones a 400 UNKNOWN_REFERENCE at `field[i]`. */
  /** The id of the author a list filter names (slug or id); an unknown one is a 404, as for a filter by section. */
  idOf(ref: string): Promise<string> {
    return this.resolveRefs([ref], 'author').then(
      ([found]) => found.id,
      () => Promise.reject(notFound('Author', ref)),
    );
  }

  resolveRefs(refs: string[], field: string): Promise<AuthorEntity[]> {
    return resolveSlugOrIdRefs(this.authors, refs, field, 'author');
  }

  async create(input: CreateAuthorInput): Promise<AuthorModel> {
    const slug = input.slug ?? slugify(input.name);
    if (!slug)
      throw badRequest('INVALID_SLUG', 'No slug can be made from this name; give one.', [
        { field: 'slug', message: 'required when the name has no letters or digits' },
      ]);
    await this.assertSlugFree(slug);
    const photo = input.photo ? await this.media.resolveId(input.photo.toLowerCase(), 'photo') : null;
    const now = new Date();
    const entity = this.authors.create({
      id: randomUUID(),
      slug,
      name: input.name,
      bio: input.bio ?? null,
      photoId: photo?.id ?? null,
      createdAt: now,
      updatedAt: now,
    });
    await writeWithUniqueSlug('author', slug, () => this.authors.insert(entity));
    await this.cache.purge(recordChangeTags('author', entity.id));
    return toAuthorModel(entity, photo ? this.media.toModel(photo) : null);
  }

  async update(id: string, input: UpdateAuthorInput): Promise<AuthorModel> {
    const entity = await this.authors.findOneBy({ id });
    if (!entity) throw notFound('Author', id);
    // null means "leave as is" for the required fields and "remove" for the optional ones.
    if (input.slug != null && input.slug !== entity.slug) {
      await this.assertSlugFree(input.slug);
      entity.slug = input.slug;
    }
    if (input.photo !== undefined) {
      entity.photoId = input.photo === null ? null : (await this.media.resolveId(input.photo.toLowerCase(), 'photo')).id;
    }
    if (input.name != null) entity.name = input.name;
    if (input.bio !== undefined) entity.bio = input.bio;
    entity.updatedAt = new Date();
    await writeWithUniqueSlug('author', entity.slug, () => this.authors.save(entity));
    await this.cache.purge(recordChangeTags('author', entity.id));
    const [model] = await this.toModels([entity]);
    return model;
  }

  /** Deletes the author; the database drops them from bylines (article_authors cascades). */
  async remove(id: string): Promise<void> {
    if (!(await this.authors.existsBy({ id }))) throw notFound('Author', id);
    await this.authors.delete({ id });
    await this.cache.purge(recordChangeTags('author', id));
  }

  private async assertSlugFree(slug: string): Promise<void> {
    if (await this.authors.existsBy({ slug })) throw slugTaken('author', slug);
  }
}
