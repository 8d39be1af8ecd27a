import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { conflict, forbidden, notFound, unauthorized } from '../common/errors/domain-error.js';
import { UUID_PATTERN } from '../common/validation/decorators.js';
import { AUTH_CONFIG, type AuthConfig } from '../config/config.module.js';
import { ApiKeyEntity } from './api-key.entity.js';
import type { CreateApiKeyInput, CreateUserInput, LoginInput } from './dto/auth.dto.js';
import { LoginRateLimiter } from './login-rate-limiter.js';
import { DUMMY_HASH_PROMISE, hashPassword, verifyPassword } from './passwords.js';
import { roleAtLeast, type Actor, type Role } from './roles.js';
import { UserEntity } from './user.entity.js';

export const API_KEY_PREFIX = 'nrc_';
/** Access tokens are for the API only; other signed tokens (previews) carry another audience and are refused here. */
export const ACCESS_AUDIENCE = 'newsroom:api';
const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

interface TokenClaims {
  sub: string;
  role: Role;
}

@Injectable()
export class AuthService {
  private readonly logger = new Logger('Auth');
  private readonly limiter: LoginRateLimiter;
  private readonly lastUseWritten = new Map<string, number>();

  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    @InjectRepository(ApiKeyEntity) private readonly apiKeys: Repository<ApiKeyEntity>,
    private readonly jwt: JwtService,
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
  ) {
    this.limiter = new LoginRateLimiter(config.loginRateLimit.perMinute);
  }

  async login(input: LoginInput, clientIp: string): Promise<{ accessToken: string; tokenType: 'Bearer'; expiresIn: number }> {
    const email = input.email.toLowerCase();
    this.limiter.hit([`ip:${clientIp}`, `account:${email}`]);
    const user = await this.users.findOneBy({ email });
    const ok = await verifyPassword(input.password, user?.passwordHash ?? (await DUMMY_HASH_PROMISE));
    if (!user || !ok) throw unauthorized('Email or password is wrong.', 'INVALID_CREDENTIALS');
    const claims: TokenClaims = { sub: user.id, role: user.role };
    const accessToken = await this.jwt.signAsync(claims, { expiresIn: this.config.jwtTtlSeconds, audience: ACCESS_AUDIENCE });
    return { accessToken, tokenType: 'Bearer', expiresIn: this.config.jwtTtlSeconds };
  }

  /** The actor behind an Authorization header; a present but bad credential is a 401, never anonymous. */
  async authenticate(header: string | undefined): Promise<Actor | null> {
    if (header === undefined || header === '') return null;
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) throw unauthorized('The Authorization header must be "Bearer <token or API key>".', 'INVALID_CREDENTIALS');
    const token = match[1];
    return token.startsWith(API_KEY_PREFIX) ? this.authenticateApiKey(token) : this.authenticateJwt(token);
  }

  private async authenticateJwt(token: string): Promise<Actor> {
    let claims: TokenClaims;
    try {
      claims = await this.jwt.verifyAsync<TokenClaims>(token, { audience: ACCESS_AUDIENCE });
      if (typeof claims.sub !== 'string' || !UUID_PATTERN.test(claims.sub)) throw new Error('no subject');
    } catch (error) {
      const expired = (error as Error).name === 'TokenExpiredError';
      throw unauthorized(
        expired ? 'The token has expired; log in again.' : 'The token is not valid.',
        expired ? 'TOKEN_EXPIRED' : 'INVALID_CREDENTIALS',
      );
    }
    // The account may have been deleted or demoted since the token was issued: the database decides.
    const user = await this.users.findOneBy({ id: claims.sub });
    if (!user) throw unauthorized('The account behind this token no longer exists.', 'INVALID_CREDENTIALS');
    return { kind: 'user', id: user.id, role: user.role, userId: user.id, label: user.email };
  }

  private async authenticateApiKey(key: string): Promise<Actor> {
    const apiKey = key.length <= 100 ? await this.apiKeys.findOneBy({ keyHash: sha256(key) }) : null;
    if (!apiKey) throw unauthorized('The API key is not valid (revoked or mistyped).', 'INVALID_CREDENTIALS');
    const now = Date.now();
    if ((this.lastUseWritten.get(apiKey.id) ?? 0) < now - 60_000) {
      this.lastUseWritten.set(apiKey.id, now);
      await this.apiKeys.update({ id: apiKey.id }, { lastUsedAt: new Date(now) });
    }
    return { kind: 'apiKey', id: apiKey.id, role: apiKey.role, userId: apiKey.createdById, label: `api-key:${apiKey.prefix}` };
  }

  async createApiKey(actor: Actor, input: CreateApiKeyInput): Promise<ApiKeyEntity & { key: string }> {
    if (!roleAtLeast(actor.role, input.role)) throw forbidden(`You may not create a key with a role above your own (${actor.role}).`);
    const key = `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
    const entity = this.apiKeys.create({
      id: randomUUID(),
      name: input.name,
      prefix: key.slice(0, 10),
      keyHash: sha256(key),
      role: input.role,
      createdById: actor.userId,
      createdAt: new Date(),
      lastUsedAt: null,
    });
    await this.apiKeys.insert(entity);
    return Object.assign(entity, { key });
  }

  listApiKeys(): Promise<ApiKeyEntity[]> {
    return this.apiKeys.find({ order: { createdAt: 'DESC', id: 'DESC' } });
  }

  async revokeApiKey(id: string): Promise<void> {
    const result = await this.apiKeys.delete({ id });
    if (!result.affected) throw notFound('API key', id);
  }

  async createUser(input: CreateUserInput): Promise<UserEntity> {
    const email = input.email.toLowerCase();
    if (await this.users.existsBy({ email })) throw conflict('EMAIL_TAKEN', `An account for ${email} already exists.`);
    const now = new Date();
    const user = this.users.create({
      id: randomUUID(),
      email,
      passwordHash: await hashPassword(input.password),
      role: input.role,
      displayName: input.displayName ?? email.split('@')[0],
      createdAt: now,
      updatedAt: now,
    });
    await this.users.insert(user);
    return user;
  }

  listUsers(): Promise<UserEntity[]> {
    return this.users.find({ order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** First start: the admin from ADMIN_EMAIL/ADMIN_PASSWORD, or a generated one printed once. */
  async ensureFirstAdmin(): Promise<UserEntity> {
    const existing = await this.users.findOne({ where: { role: 'admin' }, order: { createdAt: 'ASC' } });
    if (existing) return existing;
    const email = this.config.adminEmail ?? 'admin@localhost';
    const password = this.config.adminPassword ?? randomBytes(12).toString('base64url');
    const admin = await this.createUser({ email, password, role: 'admin', displayName: 'Administrator' });
    if (this.config.adminPassword) {
      this.logger.log(`Created the first admin, ${email} (password from ADMIN_PASSWORD).`);
    } else {
      this.logger.warn(
        `Created the first admin. It is shown this once:\n\n    email:    ${email}\n    password: ${password}\n\n` +
          `Log in with POST /api/v1/auth/login and keep the password somewhere safe.`,
      );
    }
    return admin;
  }
}
