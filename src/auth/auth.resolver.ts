import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { ClientIp } from '../common/http/request.js';
import { ParseIdPipe } from '../common/validation/id.pipe.js';
import { CurrentActor, PublicWrite, RequireRole } from './auth.decorators.js';
import { toApiKeyModel, toUserModel } from './auth.mapper.js';
import { AuthService } from './auth.service.js';
import { ApiKeyModel, CreateApiKeyInput, CreatedApiKey, CreateUserInput, LoginInput, LoginResult, UserModel } from './dto/auth.dto.js';
import type { Actor } from './roles.js';

@Resolver()
export class AuthResolver {
  constructor(private readonly auth: AuthService) {}

  @Mutation(() => LoginResult, { description: 'Log in; send the token as `Authorization: Bearer <accessToken>`.' })
  @PublicWrite()
  login(@Args('input') input: LoginInput, @ClientIp() ip: string): Promise<LoginResult> {
    return this.auth.login(input, ip);
  }

  @Mutation(() => CreatedApiKey, { description: 'Create an API key; its secret is in the answer this once (admins).' })
  @RequireRole('admin')
  async createApiKey(@CurrentActor() actor: Actor, @Args('input') input: CreateApiKeyInput): Promise<CreatedApiKey> {
    const created = await this.auth.createApiKey(actor, input);
    return { ...toApiKeyModel(created), key: created.key };
  }

  @Query(() => [ApiKeyModel], { description: 'API keys, without their secrets (admins).' })
  @RequireRole('admin')
  async apiKeys(): Promise<ApiKeyModel[]> {
    return (await this.auth.listApiKeys()).map(toApiKeyModel);
  }

  @Mutation(() => Boolean, { description: 'Revoke an API key (admins).' })
  @RequireRole('admin')
  async revokeApiKey(@Args('id', { type: () => ID }, ParseIdPipe) id: string): Promise<boolean> {
    await this.auth.revokeApiKey(id);
    return true;
  }

  @Mutation(() => UserModel, { description: 'Create a user account (admins).' })
  @RequireRole('admin')
  async createUser(@Args('input') input: CreateUserInput): Promise<UserModel> {
    return toUserModel(await this.auth.createUser(input));
  }

  @Query(() => [UserModel], { description: 'User accounts (admins).' })
  @RequireRole('admin')
  async users(): Promise<UserModel[]> {
    return (await this.auth.listUsers()).map(toUserModel);
  }
}
