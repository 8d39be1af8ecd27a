import { DomainError } from '../common/errors/domain-error.js';

/**
 * Fixed one-minute windows per key (client address, account). In-process: one
 * instance's counts; the shared Redis-backed limiter is the operations issue's.
 * Other public writes (subscribe) use it too, with their own window and wording.
 */
export class LoginRateLimiter {
  private readonly windows = new Map<string, { startedAt: number; count: number }>();
  private readonly windowMs: number;
  private readonly what: string;

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
    options: { windowMs?: number; what?: string } = {},
  ) {
    this.windowMs = options.windowMs ?? 60_000;
    this.what = options.what ?? 'login attempts';
  }

  /** Counts one attempt against every key; throws 429 once any key is over its limit. */
  hit(keys: string[]): void {
    const now = this.now();
    let retryAfter = 0;
    for (const key of keys) {
      let window = this.windows.get(key);
      if (!window || now - window.startedAt >= this.windowMs) {
        window = { startedAt: now, count: 0 };
        this.windows.set(key, window);
      }
      window.count += 1;
      if (window.count > this.perMinute) {
        retryAfter = Math.max(retryAfter, Math.ceil((window.startedAt + this.windowMs - now) / 1000));
      }
    }
    if (this.windows.size > 100_000) this.sweep(now);
    if (retryAfter > 0) {
      throw new DomainError('RATE_LIMITED', 429, `Too many ${this.what}; try again in ${retryAfter} s.`, undefined, {
        retryAfter,
      });
    }
  }

  private sweep(now: number): void {
    for (const [key, window] of this.windows) if (now - window.startedAt >= this.windowMs) this.windows.delete(key);
  }
}
