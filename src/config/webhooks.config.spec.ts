import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from './env.js';
import { readWebhooksConfig, webhookRetryDelay } from './webhooks.config.js';

function problems(env: NodeJS.ProcessEnv): string[] {
  try {
    readWebhooksConfig(env);
    return [];
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error.problems;
  }
}

describe('webhooks configuration', () => {
  it('has defaults, and reads the allow-list as bare hosts', () => {
    assert.deepEqual(readWebhooksConfig({}), { allowedHosts: [], timeoutMs: 10_000, maxAttempts: 10, retryBaseMs: 10_000, retryMaxMs: 3_600_000 });
    assert.deepEqual(readWebhooksConfig({ WEBHOOK_ALLOWED_HOSTS: ' Hooks.Internal. , 10.0.0.5,[::1], ::1 ' }).allowedHosts, [
      'hooks.internal',
      '10.0.0.5',
      '::1',
      '::1',
    ]);
  });

  it('refuses an allow-list entry that is a URL or has a port, and retries capped below their base', () => {
    const found = problems({
      WEBHOOK_ALLOWED_HOSTS: 'http://hooks.internal,hooks.internal:8080',
      WEBHOOK_RETRY_BASE_MS: '5000',
      WEBHOOK_RETRY_MAX_MS: '1000',
    });
    assert.equal(found.length, 3, found.join('\n'));
    assert.match(found[0], /WEBHOOK_ALLOWED_HOSTS: "http:\/\/hooks.internal" is not a host name/);
    assert.match(found[2], /WEBHOOK_RETRY_MAX_MS \(1000\) must be at least WEBHOOK_RETRY_BASE_MS \(5000\)/);
    assert.match(problems({ WEBHOOK_MAX_ATTEMPTS: '0' }).join(), /WEBHOOK_MAX_ATTEMPTS="0" must be a whole number from 1 to 50/);
  });

  it('waits base · 2^(n−1) before retry n, at most the cap', () => {
    const config = { retryBaseMs: 10_000, retryMaxMs: 60_000 };
    assert.deepEqual(
      [1, 2, 3, 4, 5, 50].map((n) => webhookRetryDelay(config, n)),
      [10_000, 20_000, 40_000, 60_000, 60_000, 60_000],
    );
  });
});
