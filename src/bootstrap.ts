import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Logger, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module.js';
import { ResponseCache } from './cache/response-cache.js';
import { toProblem } from './common/errors/problem.js';
import { registerHttpCaching } from './common/http/http-cache.js';
import { registerJsonParser } from './common/http/json-parser.js';
import { readAppConfig } from './config/app.config.js';
import { readMediaConfig } from './config/media.config.js';
import fastifyMultipart from '@fastify/multipart';
import { setupOpenApi } from './openapi.js';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** Builds the application exactly as production runs it; tests call this too. */
export async function createApp(options: { logger?: false } = {}): Promise<NestFastifyApplication> {
  const config = readAppConfig();
  const mediaConfig = readMediaConfig();
  const adapter = new FastifyAdapter({
    bodyLimit: config.bodyLimitBytes,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 500 },
    // Errors Fastify raises while routing (a malformed %-escape in the URL) answer as problems too.
    frameworkErrors: (error: Error, request: FastifyRequest, reply: FastifyReply) => {
      const problem = toProblem(error);
      void reply
        .status(problem.status)
        .header('Content-Type', 'application/problem+json; charset=utf-8')
        .send({ ...problem, instance: request.url, requestId: String(request.id) });
    },
  });
  const fastify = adapter.getInstance();
  // onSend, not onRequest: answers made by hooks (CORS preflights) carry the id too.
  fastify.addHook('onSend', async (request, reply, payload) => {
    void reply.header('X-Request-Id', String(request.id));
    return payload;
  });
  registerJsonParser(fastify);

  const level = LEVELS.indexOf(config.logLevel as LogLevel);
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, adapter, {
    logger: options.logger === false ? false : LEVELS.slice(0, level + 1),
    bufferLogs: false,
    // Our own JSON parser (registerJsonParser) checks UTF-8 and answers bad JSON as a problem.
    bodyParser: false,
  });
  // Multipart uploads (POST /api/v1/media): parts are streamed; sizes are checked per request by the upload service.
  await app.register(fastifyMultipart, { limits: { fileSize: mediaConfig.maxBytes, files: 1 } });
  // Feeds and sitemaps live at the site's root, where readers and crawlers expect them (src/syndication).
  app.setGlobalPrefix('api/v1', { exclude: ['health', 'graphql', 'feeds/{*path}', 'sitemap.xml', 'sitemaps/{*path}'] });
  app.enableCors({
    origin: config.corsOrigins.length > 0 ? config.corsOrigins : false,
    credentials: false,
    methods: ['GET', 'HEAD', 'POST', 'PATCH', 'DELETE', 'OPTIONS'],
    allowedHeaders: ['Authorization', 'Content-Type', 'If-Match', 'If-None-Match', 'X-Request-Id', 'Accept-Language'],
    exposedHeaders: ['ETag', 'Link', 'X-Request-Id', 'Retry-After', 'X-Cache'],
    maxAge: 600,
  });
  // After CORS: a cached answer gets its CORS headers like any other. Lookups first, then ETag/304 and storing on the way out.
  const cache = app.get(ResponseCache);
  cache.register(fastify);
  registerHttpCaching(fastify, (request, reply, payload) => cache.remember(request, reply, payload));
  app.enableShutdownHooks();
  setupOpenApi(app, config);
  return app;
}

export async function startServer(): Promise<NestFastifyApplication> {
  const config = readAppConfig();
  const app = await createApp();
  await app.listen(config.port, config.host);
  new Logger('Newsroom').log(
    `Listening on ${config.publicBaseUrl} — GraphQL ${config.publicBaseUrl}/graphql, REST docs ${config.publicBaseUrl}/api/docs`,
  );
  return app;
}
