import { DomainError } from '../common/errors/domain-error.js';

/**
 * Fixed one-minute windows per key (client address, account). In-process: one
 * instance's counts; the shared Redis-backed limiter is the operations issue's.
 */
export class LoginRateLimiter {
  private readonly windows = new Map<string, { startedAt: number; count: number }>();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one attempt against every key; throws 429 once any key is over its limit. */
  hit(keys: string[]): void {
    const now = this.now();
    let retryAfter = 0;
    for (const key of keys) {
      let window = this.windows.get(key);
      if (!window || now - window.startedAt >= 60_000) {
        window = { startedAt: now, count: 0 };
        this.windows.set(key, window);
      }
      window.count += 1;
      if (window.count > this.perMinute) {
        retryAfter = Math.max(retryAfter, Math.ceil((window.startedAt + 60_000 - now) / 1000));
      }
    }
    if (this.windows.size > 100_000) this.sweep(now);
    if (retryAfter > 0) {
      throw new DomainError('RATE_LIMITED', 429, `Too many login attempts; try again in ${retryAfter} s.`, undefined, {
        retryAfter,
      });
    }
  }

  private sweep(now: number): void {
    for (const [key, window] of this.windows) if (now - window.startedAt >= 60_000) this.windows.delete(key);
  }
}
