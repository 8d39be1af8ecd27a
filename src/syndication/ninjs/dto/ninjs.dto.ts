import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { IsLocale, IsSlug } from '../../../common/validation/decorators.js';
import { NINJS_VERSIONS, type NinjsVersion } from '../ninjs-schemas.js';

/** `GET /articles/{idOrSlug}/ninjs` query string. */
export class NinjsQuery {
  @ApiPropertyOptional({ enum: NINJS_VERSIONS, default: '3.1', description: 'The ninjs version to answer in: 3.1 (default) or 2.2.', example: '3.1' })
  @IsOptional()
  @IsIn(NINJS_VERSIONS, { message: `version must be one of: ${NINJS_VERSIONS.join(', ')}` })
  version?: NinjsVersion;

  @ApiPropertyOptional({ description: 'Locale of the slug; DEFAULT_LOCALE first when left out.', example: 'en' })
  @IsOptional()
  @IsLocale()
  locale?: string;
}

/** `POST /ingest/ninjs` query string. */
export class NinjsIngestQuery {
  @ApiProperty({
    description:
      "The section (slug, in the item's language) a new article is filed in; ninjs has no site section. An update keeps the article's section.",
    example: 'russia',
  })
  @IsSlug()
  section!: string;
}

/** The OpenAPI description of a ninjs document (a JSON Schema of its own: IPTC's). */
export const NINJS_DOCUMENT_SCHEMA = {
  type: 'object' as const,
  additionalProperties: true,
  description:
    'An IPTC ninjs news item (https://iptc.org/standards/ninjs/): 3.x (camelCase, checked against ninjs-schema_3.1.json) or 2.x ' +
    '(lowercase, checked against ninjs-schema_2.2.json), as `standard` declares or, without it, as its property names show.',
  example: {
    standard: { name: 'ninjs', version: '3.1', schema: 'http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json#' },
    uri: 'urn:agency.example:2026:1234',
    version: '1',
    type: 'text',
    language: 'en',
    headlines: [{ role: 'main', value: 'Talks resume in Geneva' }],
    descriptions: [{ role: 'summary', value: 'Delegations met for a second day.' }],
    bodies: [{ role: 'main', contentType: 'text/html', value: '<p>Delegations met for a second day.</p><p>Talks go on.</p>' }],
    subjects: [{ name: 'diplomacy', uri: 'http://cv.iptc.org/newscodes/mediatopic/20000639' }],
  },
};
