import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ArticlesModule } from './articles/articles.module.js';
import { AuditInterceptor } from './audit/audit.interceptor.js';
import { AuditModule } from './audit/audit.module.js';
import { AuthGuard } from './auth/auth.guard.js';
import { AuthModule } from './auth/auth.module.js';
import { CacheModule } from './cache/cache.module.js';
import { graphqlCacheOptions } from './cache/graphql-cache.js';
import { ResponseCache } from './cache/response-cache.js';
import { CommentsModule } from './comments/comments.module.js';
import { CommonModule } from './common/common.module.js';
import { AllExceptionsFilter } from './common/errors/all-exceptions.filter.js';
import { describeRootTypes } from './common/graphql/root-types.js';
import { formatGraphqlError } from './common/graphql/format-error.js';
import { queryLimitsRule } from './common/graphql/limits.rule.js';
import { createValidationPipe } from './common/validation/validation.pipe.js';
import { APP_CONFIG, ConfigModule, DATABASE_CONFIG, type AppConfig, type DatabaseConfig } from './config/config.module.js';
import { buildDataSourceOptions } from './database/data-source.options.js';
import { DatabaseModule } from './database/database.module.js';
import { SeedModule } from './database/seed/seed.module.js';
import { HealthModule } from './health/health.module.js';
import { OpsModule } from './ops/ops.module.js';
import { MailModule } from './mail/mail.module.js';
import { MediaModule } from './media/media.module.js';
import { OutboxModule } from './outbox/outbox.module.js';
import { RateLimitModule } from './ops/rate-limit.module.js';
import { RouteClassThrottlerGuard } from './ops/rate-limit.js';
import { createGqlContext, graphqlWsOptions } from './realtime/graphql-ws.options.js';
import { RealtimeModule } from './realtime/realtime.module.js';
import { SearchModule } from './search/search.module.js';
import { SectionsModule } from './sections/sections.module.js';
import { SubscriptionsModule } from './subscriptions/subscriptions.module.js';
import { NinjsModule } from './syndication/ninjs/ninjs.module.js';
import { SyndicationModule } from './syndication/syndication.module.js';
import { TaxonomyModule } from './taxonomy/taxonomy.module.js';
import { WebhooksModule } from './webhooks/webhooks.module.js';

@Module({
  imports: [
    ConfigModule,
    CommonModule,
    CacheModule,
    TypeOrmModule.forRootAsync({
      inject: [DATABASE_CONFIG],
      // Migrations run at boot, before the app answers; the schema never changes any other way.
      useFactory: (config: DatabaseConfig) => ({ ...buildDataSourceOptions(config), migrationsRun: true, migrationsTransactionMode: 'each' }),
    }),
    GraphQLModule.forRootAsync<ApolloDriverConfig>({
      driver: ApolloDriver,
      inject: [APP_CONFIG, ResponseCache],
      useFactory: (config: AppConfig, cache: ResponseCache) => {
        const cacheOptions = graphqlCacheOptions(cache);
        return {
          path: '/graphql',
          // Built in memory; `npm run schema:generate` writes schema.gql, and a test fails when it is stale.
          autoSchemaFile: true,
          sortSchema: true,
          // Building the schema runs an introspection query over it as a self-check: development
          // and the tests run it (they build the same schema); production skips the repeat at start-up.
          buildSchemaOptions: { skipCheck: config.nodeEnv === 'production' },
          transformSchema: describeRootTypes,
          introspection: config.graphql.introspection,
          graphiql: config.nodeEnv !== 'production',
          includeStacktraceInErrorResponses: false,
          context: createGqlContext,
          // Subscriptions over graphql-ws on the same path and port (src/realtime).
          subscriptions: { 'graphql-ws': graphqlWsOptions(config) },
          validationRules: [queryLimitsRule(config.graphql)],
          formatError: formatGraphqlError,
          // Apollo pretty-prints answers by default: two-space indents that cost CPU and bytes on every list.
          stringifyResult: (result) => JSON.stringify(result),
          // Cacheable queries marked for the response cache; persisted queries (APQ) shared through Redis when it is set.
          ...cacheOptions,
          // Apollo's inline tracing answers only a federation gateway, and this schema is no subgraph. Left
          // to Apollo's defaults it still loads the plugin at start, and with it Apollo's usage-reporting
          // protobuf code: about 0.6 MB of script that the process parses and keeps.
          plugins: [...cacheOptions.plugins, ApolloServerPluginInlineTraceDisabled()],
        };
      },
    }),
    DatabaseModule,
    OutboxModule,
    RateLimitModule,
    AuthModule,
    SectionsModule,
    TaxonomyModule,
    MediaModule,
    ArticlesModule,
    NinjsModule,
    SyndicationModule,
    RealtimeModule,
    MailModule,
    SubscriptionsModule,
    CommentsModule,
    SearchModule,
    AuditModule,
    WebhooksModule,
    HealthModule,
    OpsModule,
    SeedModule,
  ],
  providers: [
    { provide: APP_PIPE, useFactory: createValidationPipe },
    { provide: APP_FILTER, useClass: AllExceptionsFilter },
    // Rate limits first: a flood is refused before any credential is checked.
    { provide: APP_GUARD, useExisting: RouteClassThrottlerGuard },
    { provide: APP_GUARD, useExisting: AuthGuard },
    { provide: APP_INTERCEPTOR, useExisting: AuditInterceptor },
  ],
})
export class AppModule {}
