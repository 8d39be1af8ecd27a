import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { badRequest } from '../../common/errors/domain-error.js';
import { CacheTag } from '../../common/http/cache-tags.js';
import { sendRepresentation } from '../conditional-reply.js';
import { ApiSyndicationDocument } from '../syndication-api.js';
import { SitemapsService } from './sitemaps.service.js';

const XML = 'application/xml';

/** Sitemaps for search engines, outside /api/v1. */
@ApiTags('syndication')
@Controller()
export class SitemapsController {
  constructor(private readonly sitemaps: SitemapsService) {}

  @Get('sitemap.xml')
  @ApiSyndicationDocument({
    summary: 'The sitemap index',
    description: 'Always an index (sitemaps.org 0.9): the article sitemaps (SITEMAP_PAGE_SIZE URLs each, default 50,000) and the sections sitemap.',
    mediaType: XML,
    okDescription: 'A <sitemapindex>.',
    problems: [],
  })
  async index(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    sendRepresentation(req, reply, await this.sitemaps.index(), [CacheTag.sitemaps]);
  }

  @Get('sitemaps/sections.xml')
  @ApiSyndicationDocument({
    summary: 'The sections sitemap',
    description: 'Every section page of every locale (SECTION_URL_TEMPLATE), dated by its newest change or that of a public article in it.',
    mediaType: XML,
    okDescription: 'A <urlset> of section pages.',
    problems: [],
  })
  async sections(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    sendRepresentation(req, reply, await this.sitemaps.sections(), [CacheTag.sitemaps]);
  }

  @Get('sitemaps/news.xml')
  @ApiSyndicationDocument({
    summary: 'The Google News sitemap',
    description:
      'Articles first published in the last 48 hours, newest first, at most 1,000, with news:publication (SITE_NAME, language), ' +
      'news:publication_date and news:title.',
    mediaType: XML,
    okDescription: 'A <urlset> with the Google News extension (http://www.google.com/schemas/sitemap-news/0.9).',
    problems: [],
  })
  async news(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    sendRepresentation(req, reply, await this.sitemaps.news(), [CacheTag.sitemaps]);
  }

  @Get('sitemaps/articles-:page.xml')
  @ApiParam({ name: 'page', description: 'File number, from 1 (as listed in /sitemap.xml).', schema: { type: 'integer', minimum: 1 }, example: 1 })
  @ApiSyndicationDocument({
    summary: 'One article sitemap',
    description: 'Public articles, oldest publication first, SITEMAP_PAGE_SIZE per file: loc (ARTICLE_URL_TEMPLATE) and lastmod.',
    mediaType: XML,
    okDescription: 'A <urlset> of article pages.',
    problems: [400, 404],
  })
  async articles(@Param('page') page: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    if (!/^[1-9]\d{0,8}$/.test(page)) throw badRequest('INVALID_PAGE', `"${page.slice(0, 40)}" is not a sitemap file number (1, 2, …).`);
    sendRepresentation(req, reply, await this.sitemaps.articles(Number(page)), [CacheTag.sitemaps]);
  }
}
