import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Logger, type LoggerService, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module.js';
import { directArticleRead } from './articles/article-direct-read.js';
import { ArticlesController } from './articles/articles.controller.js';
import { ResponseCache } from './cache/response-cache.js';
import { answerProblem } from './common/errors/all-exceptions.filter.js';
import { toProblem } from './common/errors/problem.js';
import { registerDirectReads } from './common/http/direct-reads.js';
import { registerHttpCaching } from './common/http/http-cache.js';
import { registerJsonParser } from './common/http/json-parser.js';
import { readAppConfig, type AppConfig } from './config/app.config.js';
import { readMediaConfig } from './config/media.config.js';
import fastifyMultipart from '@fastify/multipart';
import type { Logger as Pino } from 'pino';
import { createPino, PinoNestLogger } from './common/logging/pino-logger.js';
import { OpsHealthChecks } from './ops/health-checks.js';
import { RouteClassThrottlerGuard } from './ops/rate-limit.js';
import { MetricsService } from './ops/metrics.service.js';
import { setupOpenApi } from './openapi.js';
import { securityHeaders } from './ops/security-headers.js';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** Pages with scripts of their own (Swagger UI, the GraphQL IDE) get no CSP; every API answer gets a strict one. */
const isHtmlTool = (url: string, accept: string | undefined) =>
  url.startsWith('/api/docs') || (url.startsWith('/graphql') && (accept ?? '').includes('text/html'));

/** Where the REST API lives (feeds, sitemaps, health and GraphQL stay at the root). */
const API_PREFIX = 'api/v1';

export interface CreateAppOptions {
  logger?: false;
  /** false: every request through Nest's pipeline, the direct reads' too (tests compare the two answers). */
  directReads?: boolean;
}

/** Builds the application exactly as production runs it; tests call this too. */
export async function createApp(options: CreateAppOptions = {}): Promise<NestFastifyApplication> {
  const config = readAppConfig();
  const mediaConfig = readMediaConfig();
  const pino: Pino | undefined = options.logger === false || config.logFormat !== 'json' ? undefined : createPino(config.logLevel);
  const adapter = new FastifyAdapter({
    bodyLimit: config.bodyLimitBytes,
    // Fastify takes a hop count too (its docs); the adapter's type leaves numbers out.
    trustProxy: config.trustProxy as boolean | string,
    ...(pino ? { loggerInstance: pino } : {}),
    // One line per request, written below with the route and the time taken.
    logController: new LogController({ disableRequestLogging: true }),
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 500 },
    // Errors Fastify raises while routing (a malformed %-escape in the URL) answer as problems too.
    frameworkErrors: (error: Error, request: FastifyRequest, reply: FastifyReply) => void answerProblem(request, reply, toProblem(error)),
  });
  const fastify = adapter.getInstance();
  // onSend, not onRequest: answers made by hooks (CORS preflights) carry the id too.
  // Hooks on every request take a callback rather than return a promise: one microtask less each.
  fastify.addHook('onSend', (request, reply, payload, done) => {
    void reply.header('X-Request-Id', String(request.id));
    done(null, payload);
  });
  registerJsonParser(fastify);
  // Hooks go on before the app exists; the metrics service they feed is filled in once it does.
  const metricsRef: { service?: MetricsService } = {};
  fastify.addHook('onRequest', (_request, _reply, done) => {
    metricsRef.service?.received();
    done();
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const seconds = reply.elapsedTime / 1000;
    metricsRef.service?.observe(request.method, route, reply.statusCode, seconds);
    if (pino && route !== '/health/live' && route !== '/metrics') {
      const line = {
        reqId: request.id,
        method: request.method,
        url: request.url,
        route,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
        ip: request.ip,
      };
      if (reply.statusCode >= 500) pino.error(line, 'request failed');
      else pino.info(line, 'request');
    }
    done();
  });

  const level = LEVELS.indexOf(config.logLevel as LogLevel);
  const nestLogger: LoggerService | LogLevel[] | false =
    options.logger === false ? false : pino ? new PinoNestLogger(pino) : LEVELS.slice(0, level + 1);
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, adapter, {
    logger: nestLogger,
    bufferLogs: false,
    // Our own JSON parser (registerJsonParser) checks UTF-8 and answers bad JSON as a problem.
    bodyParser: false,
  });
  const metrics = app.get(MetricsService);
  metricsRef.service = metrics;
  // Frontends on other origins embed our renditions and fetch our JSON: resources are cross-origin by design.
  const crossOrigin = { policy: 'cross-origin' } as const;
  const toolHeaders = securityHeaders({ contentSecurityPolicy: false, crossOriginEmbedderPolicy: false, crossOriginResourcePolicy: crossOrigin });
  const apiHeaders = securityHeaders({
    crossOriginResourcePolicy: crossOrigin,
    contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
  });
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.headers(isHtmlTool(request.url, request.headers.accept) ? toolHeaders : apiHeaders);
    done();
  });
  // Multipart uploads (POST /api/v1/media): parts are streamed; sizes are checked per request by the upload service.
  await app.register(fastifyMultipart, { limits: { fileSize: mediaConfig.maxBytes, files: 1 } });
  // Feeds and sitemaps live at the site's root, where readers and crawlers expect them (src/syndication).
  app.setGlobalPrefix(API_PREFIX, {
    exclude: ['health', 'health/{*path}', 'metrics', 'graphql', 'feeds/{*path}', 'sitemap.xml', 'sitemaps/{*path}'],
  });
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
  // The hottest anonymous read answered by its handler without Nest's per-request pipeline (before app.init(),
  // which registers the routes this hooks into).
  if (options.directReads !== false) {
    const limiter = app.get(RouteClassThrottlerGuard);
    registerDirectReads(fastify, API_PREFIX, [directArticleRead(app.get(ArticlesController))], {
      checkLimit: (request, reply) => limiter.checkDirect(request, reply),
      answered: (route) => metrics.answeredDirectly(route),
    });
  }
  setupOpenApi(app, config);
  return app;
}

export async function startServer(): Promise<NestFastifyApplication> {
  const config = readAppConfig();
  const started = performance.now();
  const app = await createApp();
  // Apollo Server imports `graphql` once more, dynamically, on the first operation it runs (to look for
  // graphql 17's incremental delivery). Left to then, a burst of GraphQL requests at a fresh server all
  // waited on that file read together: ~20 in flight at once, ~15 MB more memory for a moment. Loaded here,
  // the import is answered from the module cache.
  await import('graphql');
  await app.listen(config.port, config.host);
  const logger = new Logger('Newsroom');
  logger.log(
    `Listening on ${config.publicBaseUrl} (ready in ${Math.round(performance.now() - started)} ms) — GraphQL ${config.publicBaseUrl}/graphql, REST docs ${config.publicBaseUrl}/api/docs`,
  );
  handleShutdown(app, config, logger);
  return app;
}

/**
 * SIGTERM or SIGINT: readiness turns 503 and the server keeps serving for
 * SHUTDOWN_DELAY_MS (connections already made, even those not yet read, are served),
 * then stops accepting, lets the requests in flight finish, lets the outbox finish the
 * jobs in hand, closes the database and exits 0. Past SHUTDOWN_GRACE_MS it exits 1
 * rather than hang a deploy.
 */
function handleShutdown(app: NestFastifyApplication, config: AppConfig, logger: Logger): void {
  const graceMs = config.shutdownGraceMs;
  let closing = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    const began = performance.now();
    logger.log(`${signal}: draining (grace ${graceMs} ms)`);
    const timer = setTimeout(() => {
      logger.error(`Still busy after ${graceMs} ms; exiting anyway`);
      process.exit(1);
    }, graceMs);
    timer.unref();
    app.get(OpsHealthChecks).draining = true;
    new Promise((resolve) => setTimeout(resolve, config.shutdownDelayMs))
      .then(() => app.close())
      .then(
        () => {
          logger.log(`Stopped cleanly in ${Math.round(performance.now() - began)} ms`);
          process.exit(0);
        },
        (error: unknown) => {
          logger.error(`Shutdown failed: ${error instanceof Error ? error.message : String(error)}`);
          process.exit(1);
        },
      );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}
