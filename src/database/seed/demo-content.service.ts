import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ArticleWorkflowService } from '../../articles/article-workflow.service.js';
import { ArticlesService } from '../../articles/articles.service.js';
import type { BodyBlockInput } from '../../articles/body/block.dto.js';
import type { Actor } from '../../auth/roles.js';
import { projectRoot } from '../../common/util/project-root.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.module.js';
import { MediaIngestService } from '../../media/upload/media-ingest.service.js';
import { SectionsService } from '../../sections/sections.service.js';
import type { TagKind } from '../../taxonomy/tag.entity.js';
import { TagsService } from '../../taxonomy/tags.service.js';

/** assets/demo/news-page.json: the sample page, structured (a copy of shared/samples). */
interface NewsPage {
  section: { slug: string; name: string; description: string };
  image: { file: string; caption: string; altText: string; creator: string; source: string; copyrightNotice: string; creditLine: string };
  article: { slug: string; headline: string; lead: string; dateline: string; tags: { name: string; kind: TagKind }[]; body: BodyBlockInput[] };
}

/** assets/demo/news-page.ru.json: the Russian edition of the same section and story. */
interface TranslatedPage {
  locale: string;
  section: NewsPage['section'];
  article: Omit<NewsPage['article'], 'tags'>;
}

// The sample names the agency's media bank ("Go to the mediabank") without its address; this is RIA Novosti's photo bank.
const DEMO_MEDIABANK_URL = 'https://pictures.ria.ru/';

export const demoAssetsDir = () => join(projectRoot(), 'assets', 'demo');

/**
 * Loads the sample news page on first start, through the same services the API
 * uses, and publishes it: section, tags, the credited photo, the article; then its
 * Russian edition (section and article, linked as a translation).
 */
@Injectable()
export class DemoContentService {
  private readonly logger = new Logger('DemoContent');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sections: SectionsService,
    private readonly tags: TagsService,
    private readonly ingest: MediaIngestService,
    private readonly articles: ArticlesService,
    private readonly workflow: ArticleWorkflowService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Only into an empty database: an existing newsroom's content is never touched. */
  async loadIfEmpty(actor: Actor): Promise<boolean> {
    const [{ count }] = await this.dataSource.query('SELECT COUNT(*) AS count FROM sections');
    if (Number(count) > 0) return false;
    const page = JSON.parse(readFileSync(join(demoAssetsDir(), 'news-page.json'), 'utf8')) as NewsPage;
    const locale = this.config.defaultLocale;
    const section = await this.sections.create({ slug: page.section.slug, locale, name: page.section.name, description: page.section.description });
    const tags = [];
    for (const tag of page.article.tags) tags.push(await this.tags.create({ name: tag.name, kind: tag.kind }));
    const image = page.image;
    const { entity: photo } = await this.ingest.registerFromFile(join(demoAssetsDir(), image.file), {
      caption: image.caption,
      altText: image.altText,
      creator: image.creator,
      source: image.source,
      copyrightNotice: image.copyrightNotice,
      mediabankUrl: DEMO_MEDIABANK_URL,
    });
    const draft = await this.articles.create(actor, {
      slug: page.article.slug,
      locale,
      headline: page.article.headline,
      lead: page.article.lead,
      dateline: page.article.dateline,
      section: section.id,
      tags: tags.map((t) => t.id),
      mainImage: photo.id,
      body: page.article.body,
    });
    await this.workflow.transition(actor, draft.id, 'publish');
    this.logger.log(`Loaded the demo article: /api/v1/articles/${draft.slug}`);
    const edition = JSON.parse(readFileSync(join(demoAssetsDir(), 'news-page.ru.json'), 'utf8')) as TranslatedPage;
    // The Russian edition is another locale's version of the story; a site whose own locale is Russian has it already.
    if (edition.locale !== locale) {
      const ruSection = await this.sections.create({ ...edition.section, locale: edition.locale });
      const translation = await this.articles.create(actor, {
        ...edition.article,
        locale: edition.locale,
        section: ruSection.id,
        tags: tags.map((t) => t.id),
        mainImage: photo.id,
        translationOf: draft.id,
      });
      await this.workflow.transition(actor, translation.id, 'publish');
      this.logger.log(`Loaded its ${edition.locale} edition: /api/v1/articles/${translation.slug}`);
    }
    return true;
  }
}
