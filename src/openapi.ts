import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type { AppConfig } from './config/app.config.js';

export function buildOpenApiDocument(app: NestFastifyApplication, config: AppConfig): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle(`${config.siteName} — Newsroom CMS REST API`)
    .setDescription(
      'REST API for mobile clients and editors. Public reads need no credential and see published content only. ' +
        'Writes need `Authorization: Bearer <JWT or API key>` (JWT from POST /api/v1/auth/login). ' +
        'Errors are RFC 9457 `application/problem+json` with a stable `code`. Lists are keyset-paginated: ' +
        '`{ data, page: { nextCursor, hasMore } }` plus a `Link: <…>; rel="next"` header.',
    )
    .setVersion('1')
    .addServer(config.publicBaseUrl)
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT or API key (nrc_…)' })
    .build();
  return SwaggerModule.createDocument(app, builder);
}

/** Swagger UI at /api/docs, the OpenAPI document at /api/docs-json. */
export function setupOpenApi(app: NestFastifyApplication, config: AppConfig): void {
  SwaggerModule.setup('api/docs', app, () => buildOpenApiDocument(app, config), {
    jsonDocumentUrl: 'api/docs-json',
    yamlDocumentUrl: 'api/docs-yaml',
  });
}
