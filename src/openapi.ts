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
  return declareOptionalAuth(SwaggerModule.createDocument(app, builder));
}

/**
 * Operations that need no credential still accept one (an editor's token shows drafts;
 * a bad one is a 401), so they declare anonymous-or-bearer rather than nothing, and the 401.
 */
function declareOptionalAuth(document: OpenAPIObject): OpenAPIObject {
  for (const path of Object.values(document.paths)) {
    for (const method of ['get', 'put', 'post', 'patch', 'delete', 'head', 'options'] as const) {
      const operation = path[method];
      if (!operation || operation.security) continue;
      operation.security = [{}, { bearer: [] }];
      operation.responses['401'] ??= {
        description: 'A credential was sent but is bad, expired or forged (never treated as anonymous).',
        content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDto' } } },
      };
    }
  }
  return document;
}

/** Swagger UI at /api/docs, the OpenAPI document at /api/docs-json. */
export function setupOpenApi(app: NestFastifyApplication, config: AppConfig): void {
  SwaggerModule.setup('api/docs', app, () => buildOpenApiDocument(app, config), {
    jsonDocumentUrl: 'api/docs-json',
    yamlDocumentUrl: 'api/docs-yaml',
  });
}
