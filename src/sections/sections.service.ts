import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { SqlReader } from '../database/sql-reader.js';
import { badRequest, conflict, notFound } from '../common/errors/domain-error.js';
import { isForeignKeyViolation } from '../common/errors/db-errors.js';
import { slugify } from '../common/util/slugify.js';
import { UUID_PATTERN } from '../common/validation/decorators.js';
import { APP_CONFIG, type AppConfig } from '../config/config.module.js';
import type { CreateSectionInput, SectionModel, UpdateSectionInput } from './dto/section.dto.js';
import { SectionEntity } from './section.entity.js';
import { ResponseCache } from '../cache/response-cache.js';
import { recordChangeTags } from '../common/http/cache-tags.js';

export function toSectionModel(entity: SectionEntity): SectionModel {
  return {
    id: entity.id,
    slug: entity.slug,
    locale: entity.locale,
    name: entity.name,
    description: entity.description,
    parentId: entity.parentId,
    position: entity.position,
    seoTitle: entity.seoTitle,
    seoDescription: entity.seoDescription,
    children: [],
    updatedAt: entity.updatedAt,
  };
}

@Injectable()
export class SectionsService {
  constructor(
    @InjectRepository(SectionEntity) private readonly sections: Repository<SectionEntity>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly cache: ResponseCache,
    private readonly reader: SqlReader,
  ) {}

  /** The whole tree of one locale, each level ordered by position then name. */
  async tree(locale = this.config.defaultLocale): Promise<SectionModel[]> {
    const rows = await this.sections.find({ where: { locale }, order: { position: 'ASC', name: 'ASC' } });
    const models = new Map(rows.map((row) => [row.id, toSectionModel(row)]));
    const roots: SectionModel[] = [];
    for (const model of models.values()) {
      const parent = model.parentId ? models.get(model.parentId) : undefined;
      (parent ? parent.children : roots).push(model);
    }
    return roots;
  }

  async getBySlug(slug: string, locale = this.config.defaultLocale): Promise<SectionModel> {
    const entity = await this.sections.findOneBy({ slug, locale });
    if (!entity) throw notFound('Section', slug);
    const model = toSectionModel(entity);
    model.children = (await this.sections.find({ where: { parentId: entity.id }, order: { position: 'ASC', name: 'ASC' } })).map(toSectionModel);
    return model;
  }

  /** The sections with this slug: of one locale, or of every edition. */
  findBySlug(slug: string, locale?: string): Promise<SectionEntity[]> {
    return this.sections.find({ where: locale ? { slug, locale } : { slug } });
  }

  /** For batched relation loading: any order in, a map out. */
  async findByIds(ids: readonly string[]): Promise<Map<string, SectionEntity>> {
    return this.reader.byIds(SectionEntity, ids);
  }

  /** A section named in input, by id or by slug within the locale. */
  async resolveRef(ref: string, locale: string, field: string): Promise<SectionEntity> {
    const [entity] = UUID_PATTERN.test(ref)
      ? await this.reader.entities(SectionEntity, 'SELECT * FROM sections WHERE id = ?', [ref.toLowerCase()])
      : await this.reader.entities(SectionEntity, 'SELECT * FROM sections WHERE slug = ? AND locale = ?', [ref, locale]);
    if (!entity)
      throw badRequest('UNKNOWN_REFERENCE', `${field}: no section "${ref}" in locale ${locale}.`, [
        { field, message: `no section "${ref}" in locale ${locale}` },
      ]);
    return entity;
  }

  async create(input: CreateSectionInput): Promise<SectionModel> {
    const locale = input.locale ?? this.config.defaultLocale;
    const slug = input.slug ?? slugify(input.name);
    if (!slug)
      throw badRequest('INVALID_SLUG', 'No slug can be made from this name; give one.', [
        { field: 'slug', message: 'required when the name has no letters or digits' },
      ]);
    await this.assertSlugFree(slug, locale);
    const parent = input.parent ? await this.resolveRef(input.parent, locale, 'parent') : null;
    if (parent && parent.locale !== locale)
      throw badRequest('UNKNOWN_REFERENCE', 'The parent section belongs to another locale.', [
        { field: 'parent', message: 'must be in the same locale' },
      ]);
    const now = new Date();
    const entity = this.sections.create({
      id: randomUUID(),
      slug,
      locale,
      name: input.name,
      description: input.description ?? null,
      parentId: parent?.id ?? null,
      position: input.position ?? 0,
      seoTitle: input.seoTitle ?? null,
      seoDescription: input.seoDescription ?? null,
      createdAt: now,
      updatedAt: now,
    });
    await this.sections.insert(entity);
    await this.cache.purge(recordChangeTags('section', entity.id));
    return toSectionModel(entity);
  }

  async update(id: string, input: UpdateSectionInput): Promise<SectionModel> {
    const entity = await this.sections.findOneBy({ id });
    if (!entity) throw notFound('Section', id);
    if (input.slug != null && input.slug !== entity.slug) {
      await this.assertSlugFree(input.slug, entity.locale);
      entity.slug = input.slug;
    }
    if (input.moveToTop) entity.parentId = null;
    else if (input.parent != null) {
      const parent = await this.resolveRef(input.parent, entity.locale, 'parent');
      await this.assertNotDescendant(entity.id, parent);
      entity.parentId = parent.id;
    }
    if (input.name != null) entity.name = input.name;
    if (input.description !== undefined) entity.description = input.description;
    if (input.position != null) entity.position = input.position;
    if (input.seoTitle !== undefined) entity.seoTitle = input.seoTitle;
    if (input.seoDescription !== undefined) entity.seoDescription = input.seoDescription;
    entity.updatedAt = new Date();
    await this.sections.save(entity);
    await this.cache.purge(recordChangeTags('section', entity.id));
    return toSectionModel(entity);
  }

  async remove(id: string): Promise<void> {
    const entity = await this.sections.findOneBy({ id });
    if (!entity) throw notFound('Section', id);
    if (await this.sections.existsBy({ parentId: id })) {
      throw conflict('SECTION_IN_USE', `Section "${entity.slug}" has child sections; move or delete them first.`);
    }
    try {
      await this.sections.delete({ id });
    } catch (error) {
      // Articles point at their section with ON DELETE RESTRICT; the database is the one that knows.
      if (isForeignKeyViolation(error)) throw conflict('SECTION_IN_USE', `Section "${entity.slug}" still has articles; move them first.`);
      throw error;
    }
    await this.cache.purge(recordChangeTags('section', id));
  }

  private async assertSlugFree(slug: string, locale: string): Promise<void> {
    if (await this.sections.existsBy({ slug, locale }))
      throw conflict('SLUG_TAKEN', `A section with slug "${slug}" already exists in locale ${locale}.`);
  }

  private async assertNotDescendant(id: string, candidateParent: SectionEntity): Promise<void> {
    let cursor: SectionEntity | null = candidateParent;
    for (let hops = 0; cursor && hops < 100; hops += 1) {
      if (cursor.id === id) throw conflict('SECTION_CYCLE', 'A section cannot be placed under itself or one of its descendants.');
      cursor = cursor.parentId ? await this.sections.findOneBy({ id: cursor.parentId }) : null;
    }
  }
}
