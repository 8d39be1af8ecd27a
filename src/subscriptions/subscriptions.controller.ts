import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiQuery, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { PublicWrite } from '../auth/auth.decorators.js';
import { ApiProblems } from '../common/api/problem.dto.js';
import { ClientIp } from '../common/http/request.js';
import { ReaderSubscriptionModel, SubscribeInput, SubscribeResult, SubscriptionTokenInput } from './dto/subscription.dto.js';
import { SubscriptionsService } from './subscriptions.service.js';

const RATE_NOTE = 'Rate-limited per client (SUBSCRIBE_RATE_LIMIT_PER_CLIENT a minute) with 429 and Retry-After.';

@ApiTags('subscriptions')
@Controller('subscriptions')
export class SubscriptionsController {
  constructor(private readonly subscriptions: SubscriptionsService) {}

  @Post()
  @HttpCode(202)
  @PublicWrite()
  @ApiSecurity({})
  @ApiOperation({
    summary: 'Subscribe an email address to sections, tags and/or breaking news (double opt-in)',
    description:
      'Sends a confirmation link; nothing else is sent until it is used. The answer is the same whether or not the address ' +
      'is known. An address already active is left as it is. Also rate-limited per address (SUBSCRIBE_RATE_LIMIT_PER_ADDRESS an hour). ' +
      RATE_NOTE,
  })
  @ApiAcceptedResponse({ type: SubscribeResult, description: 'Taken; a confirmation email is on its way if the address needs one.' })
  @ApiProblems(400, 401, 429)
  subscribe(@Body() input: SubscribeInput, @ClientIp() ip: string): Promise<SubscribeResult> {
    return this.subscriptions.subscribe(input, ip);
  }

  @Post('confirm')
  @HttpCode(200)
  @PublicWrite()
  @ApiSecurity({})
  @ApiOperation({
    summary: 'Confirm a subscription with the token from the confirmation email',
    description: `The link expires after SUBSCRIPTION_CONFIRM_TTL_SECONDS (48 h); using it twice answers the same. ${RATE_NOTE}`,
  })
  @ApiOkResponse({ type: ReaderSubscriptionModel })
  @ApiProblems(400, 401, 404, 429)
  confirm(@Body() input: SubscriptionTokenInput, @ClientIp() ip: string): Promise<ReaderSubscriptionModel> {
    return this.subscriptions.confirm(input, ip);
  }

  @Post('unsubscribe')
  @HttpCode(200)
  @PublicWrite()
  @ApiSecurity({})
  @ApiOperation({
    summary: 'Unsubscribe with the token from any subscription email (also RFC 8058 one-click)',
    description:
      'JSON `{ "token": "…" }`, or the one-click POST mail clients send to the `List-Unsubscribe` URL: ' +
      '`application/x-www-form-urlencoded` body `List-Unsubscribe=One-Click` with the token in the query. ' +
      `Unsubscribing twice answers the same. ${RATE_NOTE}`,
  })
  @ApiConsumes('application/json', 'application/x-www-form-urlencoded')
  @ApiQuery({
    name: 'token',
    required: false,
    type: String,
    description: 'The token, for the one-click form (the URL of the List-Unsubscribe header).',
  })
  @ApiBody({ type: SubscriptionTokenInput })
  @ApiOkResponse({ type: ReaderSubscriptionModel })
  @ApiProblems(400, 401, 404, 415, 429)
  unsubscribe(@Body() input: SubscriptionTokenInput, @ClientIp() ip: string): Promise<ReaderSubscriptionModel> {
    return this.subscriptions.unsubscribe(input, ip);
  }
}
