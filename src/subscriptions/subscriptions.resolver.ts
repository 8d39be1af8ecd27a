import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { PublicWrite } from '../auth/auth.decorators.js';
import { ClientIp } from '../common/http/request.js';
import { ReaderSubscriptionModel, SubscribeInput, SubscribeResult, SubscriptionTokenInput } from './dto/subscription.dto.js';
import { SubscriptionsService } from './subscriptions.service.js';

@Resolver()
export class SubscriptionsResolver {
  constructor(private readonly subscriptions: SubscriptionsService) {}

  @Mutation(() => SubscribeResult, {
    description: 'Subscribe an email address (double opt-in: a confirmation link is emailed). The same answer whether or not the address is known.',
  })
  @PublicWrite()
  subscribe(@Args('input') input: SubscribeInput, @ClientIp() ip: string): Promise<SubscribeResult> {
    return this.subscriptions.subscribe(input, ip);
  }

  @Mutation(() => ReaderSubscriptionModel, { description: 'Confirm a subscription with the token from its confirmation email.' })
  @PublicWrite()
  confirmSubscription(@Args('input') input: SubscriptionTokenInput, @ClientIp() ip: string): Promise<ReaderSubscriptionModel> {
    return this.subscriptions.confirm(input, ip);
  }

  @Mutation(() => ReaderSubscriptionModel, { description: 'Unsubscribe with the token from any subscription email.' })
  @PublicWrite()
  unsubscribe(@Args('input') input: SubscriptionTokenInput, @ClientIp() ip: string): Promise<ReaderSubscriptionModel> {
    return this.subscriptions.unsubscribe(input, ip);
  }
}
