import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { resolveJwtSecret } from '../auth/jwt-secret.js';
import { APP_CONFIG, AUTH_CONFIG, type AppConfig, type AuthConfig } from '../config/config.module.js';
import { SectionEntity } from '../sections/section.entity.js';
import { WebhookDeliveryEntity } from './webhook-delivery.entity.js';
import { WebhookDispatcher } from './webhook-dispatcher.js';
import { SecretBox } from './webhook-signer.js';
import { WebhookEntity } from './webhook.entity.js';
import { WebhooksController } from './webhooks.controller.js';
import { CreatedWebhookResolver, WebhooksResolver } from './webhooks.resolver.js';
import { WebhooksService } from './webhooks.service.js';

/** Outbound webhooks: admin CRUD and delivery log (REST + GraphQL), and the outbox consumers that deliver. */
@Module({
  imports: [TypeOrmModule.forFeature([WebhookEntity, WebhookDeliveryEntity, SectionEntity])],
  controllers: [WebhooksController],
  providers: [
    {
      provide: SecretBox,
      inject: [AUTH_CONFIG, APP_CONFIG],
      useFactory: (auth: AuthConfig, app: AppConfig) => new SecretBox(resolveJwtSecret(auth.jwtSecret, app.dataDir)),
    },
    WebhooksService,
    WebhooksResolver,
    CreatedWebhookResolver,
    WebhookDispatcher,
  ],
})
export class WebhooksModule {}
