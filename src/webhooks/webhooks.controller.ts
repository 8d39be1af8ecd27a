import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Query, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { RequireRole } from '../auth/auth.decorators.js';
import { ApiProblems } from '../common/api/problem.dto.js';
import { DEFAULT_PAGE_SIZE } from '../common/pagination/page.js';
import { ParseIdPipe } from '../common/validation/id.pipe.js';
import { APP_CONFIG, type AppConfig } from '../config/config.module.js';
import {
  CreatedWebhookModel,
  CreateWebhookInput,
  DeliveryListQuery,
  UpdateWebhookInput,
  WebhookDeliveryListResponse,
  WebhookDeliveryModel,
  WebhookListQuery,
  WebhookListResponse,
  WebhookModel,
} from './dto/webhook.dto.js';
import { WebhooksService } from './webhooks.service.js';

const LINK_HEADER = { Link: { description: '<…?cursor=…>; rel="next" when another page follows', schema: { type: 'string' } } };
const WEBHOOK_ID = { name: 'id', description: 'Webhook id.', schema: { type: 'string', format: 'uuid' } };

@ApiTags('webhooks')
@ApiBearerAuth()
@Controller('webhooks')
export class WebhooksController {
  constructor(
    private readonly webhooks: WebhooksService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private link(reply: FastifyReply, path: string, query: Record<string, string | undefined>, nextCursor: string | null): void {
    if (!nextCursor) return;
    const params = new URLSearchParams(
      Object.entries({ ...query, cursor: nextCursor }).filter((entry): entry is [string, string] => entry[1] !== undefined),
    );
    void reply.header('Link', `<${this.config.publicBaseUrl}/api/v1/${path}?${params.toString()}>; rel="next"`);
  }

  @Post()
  @RequireRole('admin')
  @ApiOperation({
    summary: 'Register a webhook (admins); its secret is in this answer only',
    description:
      'The URL is checked now and at every delivery: http(s) only, no credentials, and no loopback, private, link-local or other internal ' +
      'address (400 WEBHOOK_URL_FORBIDDEN) unless WEBHOOK_ALLOWED_HOSTS names the host. Without `secret`, one is generated.',
  })
  @ApiCreatedResponse({ type: CreatedWebhookModel })
  @ApiProblems(400, 401, 403)
  create(@Body() input: CreateWebhookInput): Promise<CreatedWebhookModel> {
    return this.webhooks.create(input);
  }

  @Get()
  @RequireRole('admin')
  @ApiOperation({ summary: 'List webhooks, newest first (admins; keyset-paginated; secrets are never shown)' })
  @ApiOkResponse({ type: WebhookListResponse, headers: LINK_HEADER })
  @ApiProblems(400, 401, 403)
  async list(@Query() query: WebhookListQuery, @Res({ passthrough: true }) reply: FastifyReply): Promise<WebhookListResponse> {
    const { limit = DEFAULT_PAGE_SIZE, cursor } = query;
    const page = await this.webhooks.list(limit, cursor);
    this.link(reply, 'webhooks', { limit: String(limit) }, page.nextCursor);
    return { data: page.items, page: { nextCursor: page.nextCursor, hasMore: page.hasMore } };
  }

  @Get(':id')
  @RequireRole('admin')
  @ApiParam(WEBHOOK_ID)
  @ApiOperation({ summary: 'One webhook (admins; without its secret)' })
  @ApiOkResponse({ type: WebhookModel })
  @ApiProblems(400, 401, 403, 404)
  get(@Param('id', ParseIdPipe) id: string): Promise<WebhookModel> {
    return this.webhooks.get(id);
  }

  @Patch(':id')
  @RequireRole('admin')
  @ApiParam(WEBHOOK_ID)
  @ApiOperation({
    summary: 'Change a webhook (admins)',
    description: 'A new `url` is checked like at creation; a new `secret` signs from the next attempt on; `active: false` stops deliveries.',
  })
  @ApiOkResponse({ type: WebhookModel })
  @ApiProblems(400, 401, 403, 404)
  update(@Param('id', ParseIdPipe) id: string, @Body() input: UpdateWebhookInput): Promise<WebhookModel> {
    return this.webhooks.update(id, input);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireRole('admin')
  @ApiParam(WEBHOOK_ID)
  @ApiOperation({ summary: 'Delete a webhook and its delivery log (admins)' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiProblems(400, 401, 403, 404)
  async remove(@Param('id', ParseIdPipe) id: string): Promise<void> {
    await this.webhooks.remove(id);
  }

  @Get(':id/deliveries')
  @RequireRole('admin')
  @ApiParam(WEBHOOK_ID)
  @ApiOperation({
    summary: "A webhook's deliveries, newest first (admins; keyset-paginated)",
    description:
      'Each delivery: the event, the body sent, its status, how many attempts, the last answer (status, excerpt, time) or error, the next attempt.',
  })
  @ApiOkResponse({ type: WebhookDeliveryListResponse, headers: LINK_HEADER })
  @ApiProblems(400, 401, 403, 404)
  async deliveries(
    @Param('id', ParseIdPipe) id: string,
    @Query() query: DeliveryListQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WebhookDeliveryListResponse> {
    const { limit = DEFAULT_PAGE_SIZE, cursor, status } = query;
    const page = await this.webhooks.listDeliveries(id, { status }, limit, cursor);
    this.link(reply, `webhooks/${id}/deliveries`, { status, limit: String(limit) }, page.nextCursor);
    return { data: page.items, page: { nextCursor: page.nextCursor, hasMore: page.hasMore } };
  }

  @Post(':id/deliveries/:deliveryId/replay')
  @HttpCode(202)
  @RequireRole('admin')
  @ApiParam(WEBHOOK_ID)
  @ApiParam({ name: 'deliveryId', description: 'Delivery id.', schema: { type: 'string', format: 'uuid' } })
  @ApiOperation({
    summary: 'Send a delivery again (admins)',
    description:
      'The same delivery (same id and body, a fresh timestamp and signature) goes back to pending for a new round of attempts. ' +
      '409 DELIVERY_PENDING while it is still being attempted, 409 WEBHOOK_INACTIVE while the webhook is disabled.',
  })
  @ApiAcceptedResponse({ type: WebhookDeliveryModel, description: 'Queued: the delivery as the replay left it (pending).' })
  @ApiProblems(400, 401, 403, 404, 409)
  replayDelivery(@Param('id', ParseIdPipe) id: string, @Param('deliveryId', ParseIdPipe) deliveryId: string): Promise<WebhookDeliveryModel> {
    return this.webhooks.replay(id, deliveryId);
  }
}
