import { applyDecorators } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { ApiProblems } from '../common/api/problem.dto.js';
import { IsLocale } from '../common/validation/decorators.js';

export class LocaleQuery {
  @ApiPropertyOptional({ description: 'Edition (BCP 47 locale); DEFAULT_LOCALE when left out. Section slugs are per locale.', example: 'en' })
  @IsOptional()
  @IsLocale()
  locale?: string;
}

const CONDITIONAL_HEADERS = {
  ETag: { description: 'Strong validator of these exact bytes.', schema: { type: 'string' } },
  'Last-Modified': { description: 'When the newest item last changed (absent for an empty feed).', schema: { type: 'string' } },
  'Cache-Control': { description: 'public, max-age=30 for anonymous readers.', schema: { type: 'string' } },
};

/**
 * Swagger for a public syndication document (feed or sitemap; the controller tags it): media type,
 * the 200 as a string of that type, the 304 of a conditional GET and the errors.
 */
export function ApiSyndicationDocument(options: {
  summary: string;
  description: string;
  mediaType: string;
  okDescription: string;
  problems: number[];
  lastModified?: boolean;
}) {
  // A JSON document (JSON Feed 1.1) has its format's fields: a bare `type: object` would tell typed clients it has none.
  const schema = options.mediaType.endsWith('json') ? { type: 'object' as const, additionalProperties: true } : { type: 'string' as const };
  const headers = options.lastModified
    ? CONDITIONAL_HEADERS
    : { ETag: CONDITIONAL_HEADERS.ETag, 'Cache-Control': CONDITIONAL_HEADERS['Cache-Control'] };
  return applyDecorators(
    ApiOperation({ summary: options.summary, description: options.description }),
    ApiProduces(options.mediaType),
    ApiHeader({ name: 'If-None-Match', required: false, description: 'An ETag from an earlier answer: 304 when it still matches.' }),
    ...(options.lastModified
      ? [
          ApiHeader({
            name: 'If-Modified-Since',
            required: false,
            description: 'HTTP date: 304 when nothing changed since (ignored with If-None-Match).',
          }),
        ]
      : []),
    ApiOkResponse({ description: options.okDescription, content: { [options.mediaType]: { schema } }, headers }),
    ApiResponse({ status: 304, description: 'Not modified: the representation you hold is current.' }),
    ApiProblems(...options.problems),
  );
}
