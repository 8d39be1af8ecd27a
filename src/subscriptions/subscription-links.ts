import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config.module.js';
import { fillLinkTemplate, SUBSCRIPTIONS_CONFIG, type SubscriptionsConfig } from '../config/subscriptions.config.js';
import type { UnsubscribeLinks } from './subscription-emails.js';
import { SubscriptionTokens } from './subscription-tokens.js';

/** The links subscription emails carry: confirmation and unsubscribe pages on the frontend, and the one-click API URL. */
@Injectable()
export class SubscriptionLinks {
  constructor(
    private readonly tokens: SubscriptionTokens,
    @Inject(APP_CONFIG) private readonly app: AppConfig,
    @Inject(SUBSCRIPTIONS_CONFIG) private readonly config: SubscriptionsConfig,
  ) {}

  confirm(token: string): string {
    return fillLinkTemplate(this.config.confirmUrlTemplate, this.app.publicBaseUrl, token);
  }

  unsubscribe(subscriptionId: string): UnsubscribeLinks {
    const token = this.tokens.unsubscribeToken(subscriptionId);
    return {
      oneClick: `${this.app.publicBaseUrl}/api/v1/subscriptions/unsubscribe?token=${encodeURIComponent(token)}`,
      page: fillLinkTemplate(this.config.unsubscribeUrlTemplate, this.app.publicBaseUrl, token),
    };
  }
}
