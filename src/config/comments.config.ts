import { EnvReader } from './env.js';

export const COMMENTS_CONFIG = Symbol('COMMENTS_CONFIG');

/** Reader accounts (tokens, emailed links) and comments (edit window, spam rules, rate limits). */
export interface CommentsConfig {
  /** Lifetime of a reader's access token (short: a ban or a logout takes effect within it). */
  accessTtlSeconds: number;
  refreshTtlSeconds: number;
  verifyTtlSeconds: number;
  resetTtlSeconds: number;
  /** Frontend pages the emails link to: `{base}` (PUBLIC_BASE_URL), `{token}`; they POST the token to the API. */
  verifyUrlTemplate: string;
  resetUrlTemplate: string;
  editWindowSeconds: number;
  spam: { maxLinks: number; repeatWindowSeconds: number; maxPerMinute: number };
  /** Hard limits (429): comment writes per reader and per client a minute; account requests per client a minute. */
  rateLimit: { perReaderPerMinute: number; perClientPerMinute: number; accountPerClientPerMinute: number };
}

const PLACEHOLDER = /\{([a-z]+)\}/g;

function linkTemplate(r: EnvReader, name: string, fallback: string): string {
  const value = r.string(name, fallback);
  const used = [...value.matchAll(PLACEHOLDER)].map((m) => m[1]);
  if (used.some((p) => p !== 'base' && p !== 'token') || !used.includes('token')) {
    r.problems.push(`${name}="${value}" must contain {token} and no placeholder other than {base} and {token}.`);
  }
  return value;
}

export function readCommentsConfig(env: NodeJS.ProcessEnv = process.env): CommentsConfig {
  const r = new EnvReader(env);
  const config: CommentsConfig = {
    accessTtlSeconds: r.int('READER_ACCESS_TTL_SECONDS', 900, 60, 86_400),
    refreshTtlSeconds: r.int('READER_REFRESH_TTL_SECONDS', 30 * 86_400, 300, 365 * 86_400),
    verifyTtlSeconds: r.int('READER_VERIFY_TTL_SECONDS', 48 * 3600, 60, 30 * 86_400),
    resetTtlSeconds: r.int('READER_RESET_TTL_SECONDS', 3600, 60, 86_400),
    verifyUrlTemplate: linkTemplate(r, 'READER_VERIFY_URL_TEMPLATE', '{base}/readers/verify?token={token}'),
    resetUrlTemplate: linkTemplate(r, 'READER_RESET_URL_TEMPLATE', '{base}/readers/password-reset?token={token}'),
    editWindowSeconds: r.int('COMMENT_EDIT_WINDOW_SECONDS', 900, 0, 30 * 86_400),
    spam: {
      maxLinks: r.int('COMMENT_SPAM_MAX_LINKS', 2, 0, 100),
      repeatWindowSeconds: r.int('COMMENT_SPAM_REPEAT_WINDOW_SECONDS', 600, 0, 86_400),
      maxPerMinute: r.int('COMMENT_SPAM_MAX_PER_MINUTE', 5, 1, 10_000),
    },
    rateLimit: {
      perReaderPerMinute: r.int('COMMENT_RATE_LIMIT_PER_READER', 20, 1, 100_000),
      perClientPerMinute: r.int('COMMENT_RATE_LIMIT_PER_CLIENT', 60, 1, 100_000),
      accountPerClientPerMinute: r.int('READER_ACCOUNT_RATE_LIMIT_PER_CLIENT', 20, 1, 100_000),
    },
  };
  r.done();
  return config;
}
