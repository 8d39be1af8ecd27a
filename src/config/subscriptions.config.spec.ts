import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from './env.js';
import { readMailConfig } from './mail.config.js';
import { fillLinkTemplate, readSubscriptionsConfig } from './subscriptions.config.js';

function problems(read: () => unknown): string {
  try {
    read();
    return '';
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error.problems.join('\n');
  }
}

describe('mail and subscription settings', () => {
  it('defaults: no SMTP (the dev folder), a From made from the site, 48-hour links to the frontend', () => {
    const mail = readMailConfig({ DATA_DIR: '/tmp/x', PUBLIC_BASE_URL: 'https://news.example' });
    assert.equal(mail.smtpUrl, undefined);
    assert.equal(mail.devDir, '/tmp/x/mail');
    assert.equal(mail.from, '"Sputnik International" <no-reply@news.example>');
    const subs = readSubscriptionsConfig({});
    assert.equal(subs.confirmTtlSeconds, 172_800);
    assert.equal(fillLinkTemplate(subs.confirmUrlTemplate, 'https://news.example', 'a b'), 'https://news.example/subscriptions/confirm?token=a%20b');
  });

  it('names bad values', () => {
    const mail = problems(() => readMailConfig({ SMTP_URL: 'http://mail:25', MAIL_FROM: 'News <not an address>' }));
    assert.match(mail, /SMTP_URL must use smtp: or smtps:/);
    assert.match(mail, /MAIL_FROM="News <not an address>" must be an email address/);
    assert.equal(
      problems(() => readMailConfig({ SMTP_URL: 'smtp://u:p@mail:587', MAIL_FROM: 'News Desk <news@example.com>' })),
      '',
    );
    const subs = problems(() =>
      readSubscriptionsConfig({
        SUBSCRIPTION_CONFIRM_URL_TEMPLATE: '{base}/confirm',
        SUBSCRIPTION_UNSUBSCRIBE_URL_TEMPLATE: '{base}/u/{slug}?t={token}',
        DIGEST_HOUR_UTC: '24',
      }),
    );
    assert.match(subs, /SUBSCRIPTION_CONFIRM_URL_TEMPLATE="\{base\}\/confirm" must contain \{token\}/);
    assert.match(subs, /unknown placeholder\(s\) \{slug\}/);
    assert.match(subs, /DIGEST_HOUR_UTC="24" must be a whole number from 0 to 23/);
  });
});
