import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull, type EntityManager } from 'typeorm';
import { ACCESS_AUDIENCE } from '../auth/auth.service.js';
import type { LoginInput } from '../auth/dto/auth.dto.js';
import { LoginRateLimiter } from '../auth/login-rate-limiter.js';
import { DUMMY_HASH_PROMISE, hashPassword, verifyPassword } from '../auth/passwords.js';
import type { Actor } from '../auth/roles.js';
import { UserEntity } from '../auth/user.entity.js';
import { isUniqueViolation } from '../common/errors/db-errors.js';
import { DomainError, forbidden, notFound, unauthorized } from '../common/errors/domain-error.js';
import { CLOCK, type Clock } from '../common/util/clock.js';
import { COMMENTS_CONFIG, type CommentsConfig } from '../config/comments.config.js';
import { APP_CONFIG, AUTH_CONFIG, type AppConfig, type AuthConfig } from '../config/config.module.js';
import { fillLinkTemplate } from '../config/subscriptions.config.js';
import { Transactions } from '../database/transactions.js';
import { mailJob, type MailMessage } from '../mail/mail-message.js';
import { Outbox } from '../outbox/outbox.service.js';
import type {
  BanReaderInput,
  PasswordResetConfirmInput,
  PasswordResetInput,
  ReaderAccepted,
  ReaderModel,
  ReaderTokenInput,
  ReaderTokens,
  RefreshTokenInput,
  RegisterReaderInput,
} from './dto/reader.dto.js';
import { readerEmails } from './reader-emails.js';
import { ReaderProfileEntity, ReaderTokenEntity, RefreshTokenEntity, type ReaderTokenPurpose } from './reader.entity.js';

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const newToken = () => randomBytes(32).toString('base64url');
/** What comments show for an account that was deleted. */
export const DELETED_READER = 'Deleted reader';

const invalidToken = () => new DomainError('INVALID_TOKEN', 404, 'This link is invalid, used or expired; ask for a new one.');
const badRefresh = (code = 'INVALID_REFRESH_TOKEN') =>
  unauthorized('The refresh token is not valid (expired, revoked or already used); log in again.', code);

/** Whether a user may write comments now: a reader's standing (verified, not banned). */
export interface ReaderStanding {
  verified: boolean;
  bannedAt: Date | null;
}

/**
 * Reader accounts: registration with email verification, login with a short-lived access
 * token and a rotating refresh token, password reset by emailed token, bans, and deletion
 * (their comments stay, anonymised). Emails go through the outbox in the transaction of
 * the change; every answer about an address is the same whether or not it is known.
 */
@Injectable()
export class ReadersService {
  private readonly perClient: LoginRateLimiter;
  private readonly login_: LoginRateLimiter;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly transactions: Transactions,
    private readonly outbox: Outbox,
    private readonly jwt: JwtService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly app: AppConfig,
    @Inject(AUTH_CONFIG) auth: AuthConfig,
    @Inject(COMMENTS_CONFIG) private readonly config: CommentsConfig,
  ) {
    this.perClient = new LoginRateLimiter(config.rateLimit.accountPerClientPerMinute, Date.now, { what: 'account requests from this client' });
    this.login_ = new LoginRateLimiter(auth.loginRateLimit.perMinute);
  }

  async register(input: RegisterReaderInput, clientIp: string): Promise<ReaderAccepted> {
    this.perClient.hit([`client:${clientIp}`]);
    const email = input.email.toLowerCase();
    const passwordHash = await hashPassword(input.password);
    try {
      await this.transactions.run(async (m) => {
        const existing = await m.findOneBy(UserEntity, { email });
        if (existing) {
          // Enumeration-safe: the same answer; the owner learns by email that the account exists.
          const profile = await m.findOneBy(ReaderProfileEntity, { userId: existing.id });
          if (existing.role === 'reader' && profile && !profile.verifiedAt) {
            await this.sendToken(m, existing, 'verify');
          } else if (existing.role === 'reader') {
            const token = await this.createToken(m, existing.id, 'reset', this.config.resetTtlSeconds);
            await this.mail(m, readerEmails.alreadyRegistered(this.app.siteName, email, this.link(this.config.resetUrlTemplate, token)));
          } else {
            // A newsroom account: no reader reset link (staff passwords are not reset through the reader flow).
            await this.mail(m, readerEmails.alreadyRegistered(this.app.siteName, email, null));
          }
          return;
        }
        const now = this.clock.now();
        const user: UserEntity = {
          id: randomUUID(),
          email,
          passwordHash,
          role: 'reader',
          displayName: input.displayName,
          createdAt: now,
          updatedAt: now,
        };
        await m.insert(UserEntity, user);
        await m.insert(ReaderProfileEntity, { userId: user.id, verifiedAt: null, bannedAt: null, banReason: null });
        await this.sendToken(m, user, 'verify');
      });
    } catch (error) {
      // Two registrations of one address at once: the other made the account and sent its email.
      if (!isUniqueViolation(error)) throw error;
    }
    return { accepted: true, message: 'If this address can be registered, a verification link is on its way.' };
  }

  async verify(input: ReaderTokenInput, clientIp: string): Promise<ReaderModel> {
    this.perClient.hit([`client:${clientIp}`]);
    const userId = await this.transactions.run(async (m) => {
      const token = await this.useToken(m, input.token, 'verify');
      await m.upsert(ReaderProfileEntity, { userId: token.userId, verifiedAt: this.clock.now() }, ['userId']);
      return token.userId;
    });
    return this.reader(userId);
  }

  async login(input: LoginInput, clientIp: string): Promise<ReaderTokens> {
    const email = input.email.toLowerCase();
    this.login_.hit([`ip:${clientIp}`, `account:${email}`]);
    const user = await this.db.manager.findOneBy(UserEntity, { email });
    const ok = await verifyPassword(input.password, user?.passwordHash ?? (await DUMMY_HASH_PROMISE));
    // Staff log in at /auth/login; here only reader accounts, with the same answer as a wrong password.
    if (!user || !ok || user.role !== 'reader') throw unauthorized('Email or password is wrong.', 'INVALID_CREDENTIALS');
    const standing = await this.standing(user.id);
    if (!standing.verified)
      throw new DomainError('EMAIL_NOT_VERIFIED', 403, 'Confirm your email address first (see the link we sent; registering again sends a new one).');
    if (standing.bannedAt) throw new DomainError('READER_BANNED', 403, 'This account is banned from the discussion.');
    return this.transactions.run((m) => this.issue(m, user, randomUUID()));
  }

  async refresh(input: RefreshTokenInput): Promise<ReaderTokens> {
    const now = this.clock.now();
    const outcome = await this.transactions.run(async (m) => {
      const row = await m.findOneBy(RefreshTokenEntity, { tokenHash: sha256(input.refreshToken) });
      if (!row) return { error: badRefresh() };
      // Atomic claim: of two uses of one token, one wins; the other is a reuse.
      const claimed = await m.update(RefreshTokenEntity, { id: row.id, revokedAt: IsNull() }, { revokedAt: now });
      if (!claimed.affected) {
        // A rotated (or revoked) token used again: it may be stolen; the whole family goes.
        await m.update(RefreshTokenEntity, { familyId: row.familyId, revokedAt: IsNull() }, { revokedAt: now });
        return { error: badRefresh('REFRESH_TOKEN_REUSED') };
      }
      if (row.expiresAt.getTime() <= now.getTime()) return { error: badRefresh() };
      const user = await m.findOneBy(UserEntity, { id: row.userId });
      const profile = await m.findOneBy(ReaderProfileEntity, { userId: row.userId });
      if (!user || profile?.bannedAt) return { error: badRefresh() };
      return { tokens: await this.issue(m, user, row.familyId) };
    });
    if (outcome.error) throw outcome.error;
    return outcome.tokens!;
  }

  /** Revokes the token's whole family (this device's session); unknown tokens answer the same. */
  async logout(input: RefreshTokenInput): Promise<void> {
    await this.transactions.run(async (m) => {
      const row = await m.findOneBy(RefreshTokenEntity, { tokenHash: sha256(input.refreshToken) });
      if (row) await m.update(RefreshTokenEntity, { familyId: row.familyId, revokedAt: IsNull() }, { revokedAt: this.clock.now() });
    });
  }

  async requestPasswordReset(input: PasswordResetInput, clientIp: string): Promise<ReaderAccepted> {
    const email = input.email.toLowerCase();
    this.perClient.hit([`client:${clientIp}`]);
    await this.transactions.run(async (m) => {
      const user = await m.findOneBy(UserEntity, { email });
      if (user?.role === 'reader') await this.sendToken(m, user, 'reset');
    });
    return { accepted: true, message: 'If this address has a reader account, a reset link is on its way.' };
  }

  async confirmPasswordReset(input: PasswordResetConfirmInput, clientIp: string): Promise<void> {
    this.perClient.hit([`client:${clientIp}`]);
    const passwordHash = await hashPassword(input.password);
    await this.transactions.run(async (m) => {
      const token = await this.useToken(m, input.token, 'reset');
      const user = await m.findOneBy(UserEntity, { id: token.userId });
      if (user?.role !== 'reader') throw invalidToken();
      const now = this.clock.now();
      await m.update(UserEntity, { id: token.userId }, { passwordHash, updatedAt: now });
      // Whoever held a session with the old password loses it.
      await m.update(RefreshTokenEntity, { userId: token.userId, revokedAt: IsNull() }, { revokedAt: now });
      // The reset link proves the address too.
      await m.upsert(ReaderProfileEntity, { userId: token.userId, verifiedAt: now }, ['userId']);
    });
  }

  /** Deletes the reader's account; their comments stay, anonymised ("Deleted reader", no author id). */
  async deleteAccount(actor: Actor, anonymise: (m: EntityManager, userId: string) => Promise<void>): Promise<void> {
    const userId = this.ownAccount(actor);
    await this.transactions.run(async (m) => {
      await anonymise(m, userId);
      await m.delete(UserEntity, { id: userId });
    });
  }

  async me(actor: Actor): Promise<ReaderModel> {
    return this.reader(this.ownAccount(actor));
  }

  async setBan(readerId: string, banned: boolean, input: BanReaderInput = {}): Promise<ReaderModel> {
    await this.transactions.run(async (m) => {
      const user = await m.findOneBy(UserEntity, { id: readerId });
      if (!user || user.role !== 'reader') throw notFound('Reader', readerId);
      const now = this.clock.now();
      // An account made by an admin has no profile and counts as verified; the profile made here keeps it so.
      const verifiedAt = (await m.findOneBy(ReaderProfileEntity, { userId: readerId }))?.verifiedAt ?? now;
      await m.upsert(
        ReaderProfileEntity,
        { userId: readerId, verifiedAt, bannedAt: banned ? now : null, banReason: banned ? (input.reason ?? null) : null },
        ['userId'],
      );
      if (banned) await m.update(RefreshTokenEntity, { userId: readerId, revokedAt: IsNull() }, { revokedAt: now });
    });
    return this.reader(readerId);
  }

  /** A user's standing as a commenter. Accounts made by an admin (no profile) count as verified. */
  async standing(userId: string, manager?: EntityManager): Promise<ReaderStanding> {
    const profile = await (manager ?? this.db.manager).findOneBy(ReaderProfileEntity, { userId });
    return { verified: !profile || profile.verifiedAt !== null, bannedAt: profile?.bannedAt ?? null };
  }

  private ownAccount(actor: Actor): string {
    if (actor.kind !== 'user' || actor.role !== 'reader' || !actor.userId) throw forbidden('Only a reader account can do this, with its own login.');
    return actor.userId;
  }

  private async reader(userId: string): Promise<ReaderModel> {
    const m = this.db.manager;
    const user = await m.findOneBy(UserEntity, { id: userId });
    if (!user) throw notFound('Reader', userId);
    const standing = await this.standing(userId, m);
    return { id: user.id, displayName: user.displayName, verified: standing.verified, bannedAt: standing.bannedAt };
  }

  private async issue(m: EntityManager, user: UserEntity, familyId: string): Promise<ReaderTokens> {
    const now = this.clock.now();
    const refreshToken = `rt_${newToken()}`;
    await m.insert(RefreshTokenEntity, {
      id: randomUUID(),
      userId: user.id,
      familyId,
      tokenHash: sha256(refreshToken),
      expiresAt: new Date(now.getTime() + this.config.refreshTtlSeconds * 1000),
      revokedAt: null,
      createdAt: now,
    });
    const accessToken = await this.jwt.signAsync(
      { sub: user.id, role: user.role },
      { expiresIn: this.config.accessTtlSeconds, audience: ACCESS_AUDIENCE },
    );
    return {
      accessToken,
      tokenType: 'Bearer',
      expiresIn: this.config.accessTtlSeconds,
      refreshToken,
      refreshExpiresIn: this.config.refreshTtlSeconds,
    };
  }

  private async createToken(m: EntityManager, userId: string, purpose: ReaderTokenPurpose, ttlSeconds: number): Promise<string> {
    const token = newToken();
    const now = this.clock.now();
    // The latest link is the one that works.
    await m.delete(ReaderTokenEntity, { userId, purpose });
    await m.insert(ReaderTokenEntity, {
      id: randomUUID(),
      userId,
      purpose,
      tokenHash: sha256(token),
      expiresAt: new Date(now.getTime() + ttlSeconds * 1000),
      usedAt: null,
      createdAt: now,
    });
    return token;
  }

  private async sendToken(m: EntityManager, user: UserEntity, purpose: ReaderTokenPurpose): Promise<void> {
    const site = this.app.siteName;
    if (purpose === 'verify') {
      const token = await this.createToken(m, user.id, 'verify', this.config.verifyTtlSeconds);
      await this.mail(
        m,
        readerEmails.verify(site, user.email, this.link(this.config.verifyUrlTemplate, token), Math.round(this.config.verifyTtlSeconds / 3600)),
      );
    } else {
      const token = await this.createToken(m, user.id, 'reset', this.config.resetTtlSeconds);
      await this.mail(
        m,
        readerEmails.reset(site, user.email, this.link(this.config.resetUrlTemplate, token), Math.round(this.config.resetTtlSeconds / 60)),
      );
    }
  }

  private async useToken(m: EntityManager, raw: string, purpose: ReaderTokenPurpose): Promise<ReaderTokenEntity> {
    const row = await m.findOneBy(ReaderTokenEntity, { tokenHash: sha256(raw), purpose });
    if (!row || row.usedAt || row.expiresAt.getTime() <= this.clock.now().getTime()) throw invalidToken();
    const claimed = await m.update(ReaderTokenEntity, { id: row.id, usedAt: IsNull() }, { usedAt: this.clock.now() });
    if (!claimed.affected) throw invalidToken();
    return row;
  }

  private link(template: string, token: string): string {
    return fillLinkTemplate(template, this.app.publicBaseUrl, token);
  }

  private async mail(m: EntityManager, message: MailMessage): Promise<void> {
    await this.outbox.enqueue(m, [mailJob(message)]);
  }
}
