import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags, ApiCreatedResponse, ApiNoContentResponse, ApiSecurity } from '@nestjs/swagger';
import { ApiProblems } from '../common/api/problem.dto.js';
import { ClientIp } from '../common/http/request.js';
import { ParseIdPipe } from '../common/validation/id.pipe.js';
import { CurrentActor, PublicWrite, RequireRole } from './auth.decorators.js';
import { AuthService } from './auth.service.js';
import { ApiKeyModel, CreateApiKeyInput, CreatedApiKey, CreateUserInput, LoginInput, LoginResult, UserModel } from './dto/auth.dto.js';
import { toApiKeyModel, toUserModel } from './auth.mapper.js';
import type { Actor } from './roles.js';

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('auth/login')
  @HttpCode(200)
  @PublicWrite()
  @ApiSecurity({})
  @ApiOperation({
    summary: 'Log in with email and password',
    description: 'Rate-limited per client and per account (LOGIN_RATE_LIMIT_PER_MINUTE, default 10).',
  })
  @ApiOkResponse({ type: LoginResult })
  @ApiProblems(400, 401, 429)
  login(@Body() input: LoginInput, @ClientIp() ip: string): Promise<LoginResult> {
    return this.auth.login(input, ip);
  }

  @Post('api-keys')
  @RequireRole('admin')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Create an API key (shown once)' })
  @ApiCreatedResponse({ type: CreatedApiKey })
  @ApiProblems(400, 401, 403)
  async createApiKey(@CurrentActor() actor: Actor, @Body() input: CreateApiKeyInput): Promise<CreatedApiKey> {
    const created = await this.auth.createApiKey(actor, input);
    return { ...toApiKeyModel(created), key: created.key };
  }

  @Get('api-keys')
  @RequireRole('admin')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'List API keys (without their secrets)' })
  @ApiOkResponse({ type: [ApiKeyModel] })
  @ApiProblems(401, 403)
  async listApiKeys(): Promise<ApiKeyModel[]> {
    return (await this.auth.listApiKeys()).map(toApiKeyModel);
  }

  @Delete('api-keys/:id')
  @HttpCode(204)
  @RequireRole('admin')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Revoke an API key' })
  @ApiNoContentResponse({ description: 'Revoked.' })
  @ApiProblems(400, 401, 403, 404)
  async revokeApiKey(@Param('id', ParseIdPipe) id: string): Promise<void> {
    await this.auth.revokeApiKey(id);
  }

  @Post('users')
  @RequireRole('admin')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Create a user account' })
  @ApiCreatedResponse({ type: UserModel })
  @ApiProblems(400, 401, 403, 409)
  async createUser(@Body() input: CreateUserInput): Promise<UserModel> {
    return toUserModel(await this.auth.createUser(input));
  }

  @Get('users')
  @RequireRole('admin')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'List user accounts' })
  @ApiOkResponse({ type: [UserModel] })
  @ApiProblems(401, 403)
  async listUsers(): Promise<UserModel[]> {
    return (await this.auth.listUsers()).map(toUserModel);
  }
}
