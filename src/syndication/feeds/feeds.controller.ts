import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ParseIdOrSlugPipe } from '../../common/validation/id.pipe.js';
import { CacheTag } from '../../common/http/cache-tags.js';
import { sendRepresentation } from '../conditional-reply.js';
import { ApiSyndicationDocument, LocaleQuery } from '../syndication-api.js';
import type { FeedFormat } from './feed-document.js';
import { FeedsService } from './feeds.service.js';

const FORMATS: Record<FeedFormat, { name: string; mediaType: string }> = {
  rss: { name: 'RSS 2.0 (with Media RSS)', mediaType: 'application/rss+xml' },
  atom: { name: 'Atom 1.0', mediaType: 'application/atom+xml' },
  json: { name: 'JSON Feed 1.1', mediaType: 'application/feed+json' },
};

const EDITION = (format: FeedFormat) =>
  ApiSyndicationDocument({
    summary: `The latest articles of an edition as ${FORMATS[format].name}`,
    description:
      'The newest published articles of all sections of one locale (FEED_SIZE, default 50), newest first, dated by first ' +
      'publication; links from PUBLIC_BASE_URL and ARTICLE_URL_TEMPLATE. Public: drafts, scheduled, embargoed and archived articles never appear.',
    mediaType: FORMATS[format].mediaType,
    okDescription: `The feed (${FORMATS[format].name}).`,
    problems: [400],
    lastModified: true,
  });

const SECTION = (format: FeedFormat) =>
  ApiSyndicationDocument({
    summary: `The latest articles of one section as ${FORMATS[format].name}`,
    description: 'As the edition feed, for the articles whose primary section this is. A slug unknown in the locale is a 404.',
    mediaType: FORMATS[format].mediaType,
    okDescription: `The section feed (${FORMATS[format].name}).`,
    problems: [400, 404],
    lastModified: true,
  });

const SLUG = ApiParam({ name: 'slug', description: 'Section slug (per locale).', example: 'russia' });

/** RSS, Atom and JSON Feed, outside /api/v1; thin: FeedsService builds, sendRepresentation answers conditionally. */
@ApiTags('syndication')
@Controller('feeds')
export class FeedsController {
  constructor(private readonly feeds: FeedsService) {}

  @Get('rss.xml')
  @EDITION('rss')
  async rss(@Query() query: LocaleQuery, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    sendRepresentation(req, reply, await this.feeds.render({ format: 'rss', locale: query.locale }), [CacheTag.feeds]);
  }

  @Get('atom.xml')
  @EDITION('atom')
  async atom(@Query() query: LocaleQuery, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    sendRepresentation(req, reply, await this.feeds.render({ format: 'atom', locale: query.locale }), [CacheTag.feeds]);
  }

  @Get('feed.json')
  @EDITION('json')
  async json(@Query() query: LocaleQuery, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    sendRepresentation(req, reply, await this.feeds.render({ format: 'json', locale: query.locale }), [CacheTag.feeds]);
  }

  @Get('sections/:slug/rss.xml')
  @SECTION('rss')
  @SLUG
  async sectionRss(
    @Param('slug', ParseIdOrSlugPipe) slug: string,
    @Query() query: LocaleQuery,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    sendRepresentation(req, reply, await this.feeds.render({ format: 'rss', section: slug, locale: query.locale }), [CacheTag.feeds]);
  }

  @Get('sections/:slug/atom.xml')
  @SECTION('atom')
  @SLUG
  async sectionAtom(
    @Param('slug', ParseIdOrSlugPipe) slug: string,
    @Query() query: LocaleQuery,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    sendRepresentation(req, reply, await this.feeds.render({ format: 'atom', section: slug, locale: query.locale }), [CacheTag.feeds]);
  }

  @Get('sections/:slug/feed.json')
  @SECTION('json')
  @SLUG
  async sectionJson(
    @Param('slug', ParseIdOrSlugPipe) slug: string,
    @Query() query: LocaleQuery,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    sendRepresentation(req, reply, await this.feeds.render({ format: 'json', section: slug, locale: query.locale }), [CacheTag.feeds]);
  }
}
