import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { Actor } from '../auth/roles.js';
import { DomainError } from '../common/errors/domain-error.js';
import { CLOCK, type Clock } from '../common/util/clock.js';
import { UUID_PATTERN } from '../common/validation/decorators.js';
import { APP_CONFIG, type AppConfig } from '../config/config.module.js';
import type { ArticleEntity } from './article.entity.js';
import { ArticlesRepository } from './articles.repository.js';
import { ArticlesService } from './articles.service.js';

/** Preview tokens are signed for this audience only: they open one article, and are no credential. */
const PREVIEW_AUDIENCE = 'newsroom:preview';

interface PreviewClaims {
  aid: string;
}

const invalidPreview = (message: string, code = 'INVALID_PREVIEW_TOKEN') => new DomainError(code, 401, message);

/**
 * Signed, short-lived links to one unpublished article, for a frontend to render a
 * draft before it goes live. The token names the article; it opens nothing else and
 * is refused as a bearer credential (another audience).
 */
@Injectable()
export class PreviewService {
  constructor(
    private readonly jwt: JwtService,
    private readonly articles: ArticlesService,
    private readonly repository: ArticlesRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async issue(actor: Actor, articleId: string): Promise<{ token: string; expiresAt: Date; url: string }> {
    const article = await this.articles.getForWrite(actor, articleId);
    const now = Math.floor(this.clock.now().getTime() / 1000);
    const exp = now + this.config.previewTokenTtlSeconds;
    const claims: PreviewClaims & { iat: number; exp: number } = { aid: article.id, iat: now, exp };
    const token = await this.jwt.signAsync(claims, { audience: PREVIEW_AUDIENCE, subject: actor.userId ?? actor.id });
    return { token, expiresAt: new Date(exp * 1000), url: `${this.config.publicBaseUrl}/api/v1/preview/${token}` };
  }

  /** The article a valid preview token names, in whatever state it is now. */
  async open(token: string): Promise<ArticleEntity> {
    let claims: PreviewClaims;
    try {
      // Expiry is judged by our clock (tests move it), not by the library's.
      claims = await this.jwt
        .verifyAsync<PreviewClaims & { exp: number }>(token, { audience: PREVIEW_AUDIENCE, ignoreExpiration: true })
        .then((c) => {
          if (typeof c.exp !== 'number' || c.exp * 1000 <= this.clock.now().getTime())
            throw invalidPreview('The preview link has expired; ask for a new one.', 'PREVIEW_TOKEN_EXPIRED');
          return c;
        });
    } catch (error) {
      if (error instanceof DomainError) throw error;
      throw invalidPreview('The preview token is not valid.');
    }
    if (typeof claims.aid !== 'string' || !UUID_PATTERN.test(claims.aid)) throw invalidPreview('The preview token is not valid.');
    const article = await this.repository.findById(claims.aid);
    if (!article) throw new DomainError('NOT_FOUND', 404, 'The article of this preview no longer exists.');
    return article;
  }
}
