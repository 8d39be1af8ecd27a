import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { RequireRole } from '../auth/auth.decorators.js';
import { ConnectionArgs, toConnection } from '../common/pagination/page-params.js';
import { ParseIdPipe } from '../common/validation/id.pipe.js';
import {
  CreatedWebhookModel,
  CreateWebhookInput,
  DeliveriesArgs,
  UpdateWebhookInput,
  WebhookConnection,
  WebhookDeliveryConnection,
  WebhookDeliveryModel,
  WebhookModel,
} from './dto/webhook.dto.js';
import { WebhooksService } from './webhooks.service.js';

@Resolver(() => WebhookModel)
export class WebhooksResolver {
  constructor(private readonly service: WebhooksService) {}

  @Query(() => WebhookConnection, { description: 'Webhooks, newest first, without their secrets (admins).' })
  @RequireRole('admin')
  async webhooks(@Args() args: ConnectionArgs): Promise<WebhookConnection> {
    return toConnection(await this.service.list(args.first, args.after), (node) => node);
  }

  @Query(() => WebhookModel, { description: 'One webhook, without its secret (admins).' })
  @RequireRole('admin')
  webhook(@Args('id', { type: () => ID, description: 'Webhook id.' }, ParseIdPipe) id: string): Promise<WebhookModel> {
    return this.service.get(id);
  }

  @ResolveField('deliveries', () => WebhookDeliveryConnection, { description: 'Its deliveries, newest first, with the outcome of each.' })
  async deliveries(@Parent() webhook: WebhookModel, @Args() args: DeliveriesArgs): Promise<WebhookDeliveryConnection> {
    const page = await this.service.deliveriesPage(webhook.id, { status: args.status }, args.first, args.after);
    return toConnection(page, (node) => node);
  }

  @Mutation(() => CreatedWebhookModel, { description: 'Register a webhook; its secret is in the answer this once (admins).' })
  @RequireRole('admin')
  createWebhook(@Args('input', { description: 'Where to send which events.' }) input: CreateWebhookInput): Promise<CreatedWebhookModel> {
    return this.service.create(input);
  }

  @Mutation(() => WebhookModel, { description: 'Change a webhook (admins).' })
  @RequireRole('admin')
  updateWebhook(
    @Args('id', { type: () => ID, description: 'Webhook id.' }, ParseIdPipe) id: string,
    @Args('input', { description: 'The changes.' }) input: UpdateWebhookInput,
  ): Promise<WebhookModel> {
    return this.service.update(id, input);
  }

  @Mutation(() => Boolean, { description: 'Delete a webhook and its delivery log (admins).' })
  @RequireRole('admin')
  async deleteWebhook(@Args('id', { type: () => ID, description: 'Webhook id.' }, ParseIdPipe) id: string): Promise<boolean> {
    await this.service.remove(id);
    return true;
  }

  @Mutation(() => WebhookDeliveryModel, {
    description: 'Send a delivery again: same id and body, fresh timestamp and signature; answers it as pending (admins).',
  })
  @RequireRole('admin')
  replayWebhookDelivery(
    @Args('id', { type: () => ID, description: 'Webhook id.' }, ParseIdPipe) id: string,
    @Args('deliveryId', { type: () => ID, description: 'Delivery id.' }, ParseIdPipe) deliveryId: string,
  ): Promise<WebhookDeliveryModel> {
    return this.service.replay(id, deliveryId);
  }
}

/** The answer to createWebhook is a Webhook too: its `deliveries` (none yet) resolve the same way. */
@Resolver(() => CreatedWebhookModel)
export class CreatedWebhookResolver {
  constructor(private readonly service: WebhooksService) {}

  @ResolveField('deliveries', () => WebhookDeliveryConnection, { description: 'Its deliveries, newest first, with the outcome of each.' })
  async deliveries(@Parent() webhook: WebhookModel, @Args() args: DeliveriesArgs): Promise<WebhookDeliveryConnection> {
    const page = await this.service.deliveriesPage(webhook.id, { status: args.status }, args.first, args.after);
    return toConnection(page, (node) => node);
  }
}
