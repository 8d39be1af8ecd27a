import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Worker } from 'node:worker_threads';
import { getDataSourceToken } from '@nestjs/typeorm';
import { In, type DataSource } from 'typeorm';
import { CLOCK, type Clock } from '../src/common/util/clock.js';
import { Transactions } from '../src/database/transactions.js';
import { Outbox } from '../src/outbox/outbox.service.js';
import { SectionEntity } from '../src/sections/section.entity.js';
import { SubscriptionDelivery } from '../src/subscriptions/subscription-delivery.js';
import { SubscriptionDigest } from '../src/subscriptions/subscription-digest.js';
import { hashToken, SubscriptionTokens } from '../src/subscriptions/subscription-tokens.js';
import { SubscriptionEntity, SubscriptionSectionEntity } from '../src/subscriptions/subscription.entity.js';
import { assertGqlError, assertNoLeak, assertProblem } from './support/assertions.js';
import { startSmtpServer, type ReceivedMail, type TestSmtpServer } from './support/smtp-server.js';
import { startTestApp, type HttpResponse, type TestApp } from './support/test-app.js';

/**
 * Reader subscriptions end to end, with a real SMTP server on a loopback port: double
 * opt-in (confirmation email, nothing before it), delivery of a published article with
 * RFC 8058 unsubscribe headers, one-click unsubscribe, enumeration-safe answers, hashed
 * tokens, rate limits, bad input, an SMTP outage (the email arrives once when it is back),
 * two instances on one database (still once each), the daily digest, and the time a
 * 1,000-subscriber fan-out takes (printed, not asserted).
 */

const DIALECT = process.env.DATABASE_URL ? 'PostgreSQL' : 'SQLite';
const PARAGRAPH = { type: 'paragraph', text: 'A paragraph.' };
const MAIL_FROM = 'Newsroom Test <news@cms.test>';

const mailEnv = (smtp: TestSmtpServer): Record<string, string> => ({
  SMTP_URL: smtp.url,
  MAIL_FROM,
  OUTBOX_POLL_MS: '50',
  MAIL_RETRY_BASE_MS: '100',
  SUBSCRIBE_RATE_LIMIT_PER_ADDRESS: '4',
  SUBSCRIBE_RATE_LIMIT_PER_CLIENT: '20',
  DIGEST_INTERVAL_MS: '0',
});

let ipCount = 0;
/** Each request from a client address of its own, unless a test is about one client's limit. */
const freshIp = (): string => {
  ipCount += 1;
  return `10.1.${Math.floor(ipCount / 250)}.${(ipCount % 250) + 1}`;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `check` holds, or fails with the last value after the deadline. */
async function eventually<T>(what: string, read: () => Promise<T>, check: (value: T) => boolean, deadlineMs = 15_000): Promise<T> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    if (Date.now() > until) assert.fail(`${what} did not happen within ${deadlineMs} ms; last: ${JSON.stringify(value)}`);
    await sleep(50);
  }
}

const tokenIn = (mail: ReceivedMail, kind: 'confirm' | 'unsubscribe'): string => {
  const match = new RegExp(`/subscriptions/${kind}\\?token=([A-Za-z0-9_-]+)`).exec(mail.text);
  assert.ok(match, `no ${kind} link in: ${mail.text}`);
  return match[1];
};

const oneClickUrl = (mail: ReceivedMail): URL => {
  const header = mail.headers.get('list-unsubscribe');
  assert.ok(header, 'List-Unsubscribe header missing');
  const match = /^<(https?:\/\/[^>]+)>$/.exec(header);
  assert.ok(match, `List-Unsubscribe is not <url>: ${header}`);
  return new URL(match[1]);
};

/** The checks every subscription email passes: From, both RFC 8058 headers, a plain-text part. */
function assertSubscriptionMail(mail: ReceivedMail): void {
  assert.equal(mail.headers.get('from'), MAIL_FROM);
  assert.equal(mail.headers.get('list-unsubscribe-post'), 'List-Unsubscribe=One-Click');
  const url = oneClickUrl(mail);
  assert.equal(`${url.origin}${url.pathname}`, 'http://cms.test/api/v1/subscriptions/unsubscribe');
  assert.match(url.searchParams.get('token') ?? '', /^[A-Za-z0-9_-]{43}$/);
  assert.ok(mail.text.length > 0, 'no text/plain part');
}

describe(`Reader subscriptions and email (${DIALECT})`, () => {
  let smtp: TestSmtpServer;
  let t: TestApp;
  let editor: string;
  let outbox: Outbox;
  let clock: Clock;
  let db: DataSource;

  before(async () => {
    smtp = await startSmtpServer();
    t = await startTestApp({ demo: false, env: mailEnv(smtp) });
    editor = await t.token('editor');
    outbox = t.app.get(Outbox);
    clock = t.app.get<Clock>(CLOCK);
    db = t.app.get<DataSource>(getDataSourceToken());
    for (const [slug, locale] of [
      ['world', 'en'],
      ['sport', 'en'],
      ['world', 'ru'],
      ['multi', 'en'],
      ['bulk', 'en'],
    ]) {
      const res = await t.request('POST', '/api/v1/sections', { token: editor, body: { slug, locale, name: `${slug} ${locale}` } });
      assert.equal(res.status, 201, res.text);
    }
    const tag = await t.request('POST', '/api/v1/tags', { token: editor, body: { slug: 'climate', name: 'Climate', kind: 'topic' } });
    assert.equal(tag.status, 201, tag.text);
  });
  after(async () => {
    await t?.close();
    await smtp?.stop();
  });

  /** A request from a client address of its own (or `ip`), checked for leaks and 5xx. */
  async function call(method: string, url: string, options: { body?: unknown; form?: string; ip?: string; headers?: Record<string, string> } = {}) {
    const headers: Record<string, string> = { ...options.headers };
    let payload: string | undefined;
    if (options.body !== undefined) {
      payload = JSON.stringify(options.body);
      headers['content-type'] = 'application/json';
    } else if (options.form !== undefined) {
      payload = options.form;
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    const res = await t.app.inject({ method: method as 'POST', url, headers, payload, remoteAddress: options.ip ?? freshIp() });
    const type = String(res.headers['content-type'] ?? '');
    const answer: HttpResponse = {
      status: res.statusCode,
      headers: res.headers,
      body: /json/.test(type) && res.body.length ? JSON.parse(res.body) : undefined,
      text: res.body,
    };
    assertNoLeak(answer);
    assert.ok(answer.status < 500, `${method} ${url} answered ${answer.status}: ${answer.text}`);
    return answer;
  }

  const gql = (query: string, variables: Record<string, unknown>, ip?: string) => call('POST', '/graphql', { body: { query, variables }, ip });
  const subscribe = (input: Record<string, unknown>, ip?: string) => call('POST', '/api/v1/subscriptions', { body: input, ip });

  async function publish(headline: string, extra: Record<string, unknown> = {}): Promise<{ id: string; slug: string }> {
    const created = await t.request('POST', '/api/v1/articles', {
      token: editor,
      body: { headline, lead: `The lead of “${headline}”.`, section: 'world', body: [PARAGRAPH], ...extra },
    });
    assert.equal(created.status, 201, created.text);
    const published = await t.request('POST', `/api/v1/articles/${created.body.id}/publish`, { token: editor });
    assert.equal(published.status, 200, published.text);
    return { id: created.body.id, slug: created.body.slug };
  }

  /** Subscribes, takes the token from the confirmation email, confirms: an active subscriber. */
  async function activeSubscriber(input: Record<string, unknown>): Promise<{ confirmation: ReceivedMail; confirmToken: string }> {
    const email = String(input.email);
    const before = smtp.to(email).length;
    assert.equal((await subscribe(input)).status, 202);
    await outbox.settle();
    const mails = smtp.to(email);
    assert.equal(mails.length, before + 1, `one confirmation email for ${email}`);
    const confirmation = mails[mails.length - 1];
    const confirmToken = tokenIn(confirmation, 'confirm');
    const confirmed = await call('POST', '/api/v1/subscriptions/confirm', { body: { token: confirmToken } });
    assert.equal(confirmed.status, 200, confirmed.text);
    assert.equal(confirmed.body.status, 'active');
    return { confirmation, confirmToken };
  }

  const subscriptionRow = async (email: string, locale = 'en'): Promise<SubscriptionEntity> =>
    db.getRepository(SubscriptionEntity).findOneByOrFail({ email, locale });

  const mailJobs = async (): Promise<{ status: string; attempts: number; dedupe_key: string | null; last_error: string | null; payload: string }[]> =>
    (await db.query(`SELECT status, attempts, dedupe_key, last_error, payload FROM outbox_jobs WHERE consumer = 'mail'`)).map(
      (r: { attempts: unknown; payload: unknown }) => ({
        ...r,
        attempts: Number(r.attempts),
        payload: typeof r.payload === 'string' ? r.payload : JSON.stringify(r.payload),
      }),
    );

  /** Active subscribers made directly in the database (a factory: 1,000 through the API would be a test of the rate limit). */
  async function seedSubscribers(app: TestApp, count: number, sectionSlug: string, prefix: string): Promise<string[]> {
    const source = app.app.get<DataSource>(getDataSourceToken());
    const tokens = app.app.get(SubscriptionTokens);
    const section = await source.getRepository(SectionEntity).findOneByOrFail({ slug: sectionSlug, locale: 'en' });
    const now = new Date();
    const rows = Array.from({ length: count }, (_, i) => {
      const id = randomUUID();
      return {
        id,
        email: `${prefix}-${i}@readers.test`,
        locale: 'en',
        frequency: 'instant' as const,
        breakingNews: false,
        status: 'active' as const,
        confirmTokenHash: null,
        confirmExpiresAt: null,
        unsubscribeTokenHash: hashToken(tokens.unsubscribeToken(id)),
        digestSentOn: null,
        confirmedAt: now,
        unsubscribedAt: null,
        createdAt: now,
        updatedAt: now,
      };
    });
    await app.app.get(Transactions).run(async (m) => {
      for (let i = 0; i < rows.length; i += 50) {
        await m.insert(SubscriptionEntity, rows.slice(i, i + 50));
        await m.insert(
          SubscriptionSectionEntity,
          rows.slice(i, i + 50).map((r) => ({ subscriptionId: r.id, sectionId: section.id })),
        );
      }
    });
    return rows.map((r) => r.email);
  }

  describe('double opt-in and delivery', () => {
    it('emails a confirmation link, sends nothing else until it is used, then delivers a matching article with the unsubscribe headers', async () => {
      const email = 'anna@readers.test';
      const res = await subscribe({ email, sections: ['world'] });
      assert.equal(res.status, 202, res.text);
      assert.equal(res.body.accepted, true);
      await outbox.settle();
      const [confirmation] = smtp.to(email);
      assert.ok(confirmation, 'a confirmation email');
      assert.equal(smtp.to(email).length, 1);
      assert.match(confirmation.subject, /Confirm your subscription/);
      assertSubscriptionMail(confirmation);
      const token = tokenIn(confirmation, 'confirm');
      assert.match(confirmation.text, /http:\/\/cms\.test\/subscriptions\/confirm\?token=/);
      assert.match(confirmation.text, /expires in 48 hours/);

      const early = await publish('Published before the reader confirmed');
      await outbox.settle();
      assert.equal(smtp.to(email).length, 1, 'nothing but the confirmation before the link is used');

      const confirmed = await call('POST', '/api/v1/subscriptions/confirm', { body: { token } });
      assert.equal(confirmed.status, 200, confirmed.text);
      assert.deepEqual(
        { ...confirmed.body, confirmedAt: typeof confirmed.body.confirmedAt },
        { email, locale: 'en', status: 'active', frequency: 'instant', sections: ['world'], tags: [], breakingNews: false, confirmedAt: 'string' },
      );
      const again = await call('POST', '/api/v1/subscriptions/confirm', { body: { token } });
      assert.equal(again.status, 200, 'a second click on the link answers the same');
      assert.equal(again.body.confirmedAt, confirmed.body.confirmedAt);

      const article = await publish('Subscribers hear about this one');
      await outbox.settle();
      const mails = smtp.to(email);
      assert.equal(mails.length, 2, mails.map((m) => m.subject).join(' | '));
      const mail = mails[1];
      assert.equal(mail.subject, 'Subscribers hear about this one');
      assertSubscriptionMail(mail);
      assert.match(mail.text, /The lead of “Subscribers hear about this one”\./);
      assert.ok(mail.text.includes(`http://cms.test/en/world/${article.slug}`), mail.text);
      assert.ok(mail.html?.includes(`http://cms.test/en/world/${article.slug}`));
      assert.ok(!mails.some((m) => m.subject === 'Published before the reader confirmed'), `${early.id} reached the reader`);
    });

    it('sends only what a subscriber follows: section, tag, breaking news, locale', async () => {
      await activeSubscriber({ email: 'sport@readers.test', sections: ['sport'] });
      await activeSubscriber({ email: 'climate@readers.test', tags: ['climate'] });
      await activeSubscriber({ email: 'breaking@readers.test', breakingNews: true });
      await activeSubscriber({ email: 'russian@readers.test', sections: ['world'], locale: 'ru' });
      const counts = () => ['sport', 'climate', 'breaking', 'russian'].map((n) => smtp.to(`${n}@readers.test`).length);
      const before = counts();

      await publish('A world story with nothing else');
      await outbox.settle();
      assert.deepEqual(counts(), before, 'nobody but world (en) subscribers hears of a plain world story');

      await publish('A climate story', { tags: ['climate'] });
      await publish('A breaking story', { isBreaking: true, section: 'sport' });
      await publish('Мировая новость', { locale: 'ru' });
      await outbox.settle();
      const subjects = (name: string) =>
        smtp
          .to(`${name}@readers.test`)
          .slice(1)
          .map((m) => m.subject);
      assert.deepEqual(subjects('sport'), ['A breaking story']);
      assert.deepEqual(subjects('climate'), ['A climate story']);
      assert.deepEqual(subjects('breaking'), ['A breaking story']);
      assert.deepEqual(subjects('russian'), ['Мировая новость']);
    });

    it('unsubscribes with the one-click POST from the List-Unsubscribe header, and then sends nothing more', async () => {
      const email = 'leaving@readers.test';
      await activeSubscriber({ email, sections: ['world'] });
      await publish('Still subscribed');
      await outbox.settle();
      const mail = smtp.to(email).at(-1)!;
      assert.equal(mail.subject, 'Still subscribed');
      const url = oneClickUrl(mail);
      const res = await call('POST', `${url.pathname}${url.search}`, { form: 'List-Unsubscribe=One-Click' });
      assert.equal(res.status, 200, res.text);
      assert.equal(res.body.status, 'unsubscribed');
      const twice = await call('POST', `${url.pathname}${url.search}`, { form: 'List-Unsubscribe=One-Click' });
      assert.equal(twice.status, 200, 'unsubscribing twice answers the same');
      assert.equal(twice.body.status, 'unsubscribed');
      // The link in the text leads to the frontend page, with the same token.
      assert.equal(tokenIn(mail, 'unsubscribe'), url.searchParams.get('token'));

      const count = smtp.to(email).length;
      await publish('After the reader left');
      await outbox.settle();
      assert.equal(smtp.to(email).length, count, 'nothing after unsubscribing');
      assert.equal((await subscriptionRow(email)).status, 'unsubscribed');
    });

    it('unsubscribes with the JSON form and over GraphQL; an unknown token is a 404 INVALID_TOKEN', async () => {
      const { confirmation } = await activeSubscriber({ email: 'json-leaver@readers.test', tags: ['climate'] });
      const token = oneClickUrl(confirmation).searchParams.get('token')!;
      const res = await gql('mutation($input: SubscriptionTokenInput!) { unsubscribe(input: $input) { status email tags } }', { input: { token } });
      assert.deepEqual(res.body.data.unsubscribe, { status: 'unsubscribed', email: 'json-leaver@readers.test', tags: ['climate'] });
      assertProblem(await call('POST', '/api/v1/subscriptions/unsubscribe', { body: { token: 'A'.repeat(43) } }), 404, 'INVALID_TOKEN');
      assertGqlError(
        await gql('mutation($input: SubscriptionTokenInput!) { unsubscribe(input: $input) { status } }', { input: { token: 'B'.repeat(43) } }),
        'INVALID_TOKEN',
      );
    });

    it('drops an article email still waiting when its reader unsubscribes', async () => {
      const email = 'quick-leaver@readers.test';
      const { confirmation } = await activeSubscriber({ email, sections: ['sport'] });
      await smtp.stop();
      try {
        await publish('Waiting in the outbox', { section: 'sport' });
        await outbox.settle();
        const token = oneClickUrl(confirmation).searchParams.get('token')!;
        assert.equal((await call('POST', '/api/v1/subscriptions/unsubscribe', { body: { token } })).status, 200);
      } finally {
        smtp = await startSmtpServer(smtp.port);
      }
      await eventually('the waiting job to finish', mailJobs, (jobs) => jobs.every((j) => j.status !== 'pending'));
      assert.equal(smtp.to(email).length, 0);
    });
  });

  describe('privacy', () => {
    it('answers a known, a pending and an unknown address alike, and sends an active one no second email', async () => {
      await activeSubscriber({ email: 'known@readers.test', sections: ['world'] });
      assert.equal((await subscribe({ email: 'pending@readers.test', sections: ['world'] })).status, 202);
      await outbox.settle();
      const before = smtp.to('known@readers.test').length;
      const answers = [];
      for (const email of ['known@readers.test', 'pending@readers.test', 'nobody@readers.test']) {
        const res = await subscribe({ email, sections: ['sport'] });
        answers.push({ status: res.status, body: res.body, type: res.headers['content-type'] });
      }
      assert.deepEqual(answers[0], answers[2]);
      assert.deepEqual(answers[1], answers[2]);
      const viaGraphql = [];
      for (const email of ['known@readers.test', 'nobody-either@readers.test']) {
        const res = await gql('mutation($input: SubscribeInput!) { subscribe(input: $input) { accepted message } }', {
          input: { email, tags: ['climate'] },
        });
        viaGraphql.push(res.body);
      }
      assert.deepEqual(viaGraphql[0], viaGraphql[1]);
      assert.equal(viaGraphql[0].data.subscribe.message, answers[0].body.message);
      await outbox.settle();
      assert.equal(smtp.to('known@readers.test').length, before, 'an active address gets no email from a new request');
      const known = await call('POST', '/api/v1/subscriptions/confirm', {
        body: { token: tokenIn(smtp.to('known@readers.test')[0], 'confirm') },
      });
      assert.deepEqual(known.body.sections, ['world'], 'and what it follows is unchanged');
      // The pending address got a fresh link (the newest one counts); the old one no longer works.
      const pendingMails = smtp.to('pending@readers.test');
      assert.equal(pendingMails.length, 2);
      assertProblem(
        await call('POST', '/api/v1/subscriptions/confirm', { body: { token: tokenIn(pendingMails[0], 'confirm') } }),
        404,
        'INVALID_TOKEN',
      );
      const fresh = await call('POST', '/api/v1/subscriptions/confirm', { body: { token: tokenIn(pendingMails[1], 'confirm') } });
      assert.deepEqual(fresh.body.sections, ['sport']);
    });

    it('keeps only hashes of the tokens, and no email body once it is sent', async () => {
      const email = 'hashes@readers.test';
      const { confirmation, confirmToken } = await activeSubscriber({ email, sections: ['world'] });
      const unsubscribeToken = oneClickUrl(confirmation).searchParams.get('token')!;
      const rows = await db.query(`SELECT * FROM subscriptions`);
      const dump = JSON.stringify(rows);
      assert.ok(!dump.includes(confirmToken), 'raw confirmation token stored');
      assert.ok(!dump.includes(unsubscribeToken), 'raw unsubscribe token stored');
      const row = await subscriptionRow(email);
      assert.equal(row.confirmTokenHash, hashToken(confirmToken));
      assert.equal(row.unsubscribeTokenHash, hashToken(unsubscribeToken));
      const jobs = JSON.stringify(await mailJobs());
      assert.ok(!jobs.includes(confirmToken) && !jobs.includes(unsubscribeToken), 'a sent email left its links in the outbox');
    });

    it('expires a confirmation link after 48 hours', async () => {
      const email = 'late@readers.test';
      assert.equal((await subscribe({ email, sections: ['world'] })).status, 202);
      await outbox.settle();
      const token = tokenIn(smtp.to(email)[0], 'confirm');
      const realNow = clock.now.bind(clock);
      const later = new Date(Date.now() + 49 * 3_600_000);
      clock.now = () => later;
      try {
        assertProblem(await call('POST', '/api/v1/subscriptions/confirm', { body: { token } }), 404, 'INVALID_TOKEN');
      } finally {
        clock.now = realNow;
      }
      assert.equal((await subscriptionRow(email)).status, 'pending');
    });
  });

  describe('limits and bad input', () => {
    it('rate-limits per address (429 with Retry-After), REST and GraphQL alike', async () => {
      const email = 'flood@readers.test';
      for (let i = 0; i < 4; i += 1) assert.equal((await subscribe({ email, sections: ['world'] })).status, 202);
      const limited = await subscribe({ email, sections: ['world'] });
      assertProblem(limited, 429, 'RATE_LIMITED');
      assert.ok(Number(limited.headers['retry-after']) > 0, `Retry-After: ${String(limited.headers['retry-after'])}`);
      assertGqlError(
        await gql('mutation($input: SubscribeInput!) { subscribe(input: $input) { accepted } }', {
          input: { email: 'FLOOD@readers.test', breakingNews: true },
        }),
        'RATE_LIMITED',
      );
      await outbox.settle();
      assert.equal(smtp.to(email).length, 4, 'four confirmations, no fifth');
    });

    it('rate-limits per client', async () => {
      const ip = '10.200.0.1';
      for (let i = 0; i < 20; i += 1) assert.equal((await subscribe({ email: `client-${i}@readers.test`, sections: ['world'] }, ip)).status, 202);
      const limited = await subscribe({ email: 'client-20@readers.test', sections: ['world'] }, ip);
      assertProblem(limited, 429, 'RATE_LIMITED');
      assert.ok(Number(limited.headers['retry-after']) > 0);
      assertProblem(await call('POST', '/api/v1/subscriptions/confirm', { body: { token: 'C'.repeat(43) }, ip }), 429, 'RATE_LIMITED');
      assert.equal(await db.getRepository(SubscriptionEntity).countBy({ email: 'client-20@readers.test' }), 0);
    });

    it('rejects bad input with a 400 and writes nothing (REST)', async () => {
      const cases: [Record<string, unknown>, string][] = [
        [{ email: 'not-an-email', sections: ['world'] }, 'VALIDATION_FAILED'],
        [{ email: 'a@readers.test\r\nBcc: victim@example.com', sections: ['world'] }, 'VALIDATION_FAILED'],
        [{ email: 'Reader <display@readers.test>', sections: ['world'] }, 'VALIDATION_FAILED'],
        [{ email: `${'x'.repeat(250)}@readers.test`, sections: ['world'] }, 'VALIDATION_FAILED'],
        [{ email: 42, sections: ['world'] }, 'VALIDATION_FAILED'],
        [{ email: 'b@readers.test', sections: 'world' }, 'VALIDATION_FAILED'],
        [{ email: 'c@readers.test', sections: Array.from({ length: 51 }, (_, i) => `s-${i}`) }, 'VALIDATION_FAILED'],
        [{ email: 'd@readers.test', sections: ['world'], frequency: 'weekly' }, 'VALIDATION_FAILED'],
        [{ email: 'e@readers.test', sections: ['world'], locale: 'English' }, 'VALIDATION_FAILED'],
        [{ email: 'f@readers.test', sections: ['world'], role: 'admin' }, 'VALIDATION_FAILED'],
        [{ email: 'g@readers.test', sections: ['world'], breakingNews: 'yes' }, 'VALIDATION_FAILED'],
        [{ email: 'h@readers.test' }, 'NO_TARGETS'],
        [{ email: 'i@readers.test', sections: [], tags: [], breakingNews: false }, 'NO_TARGETS'],
        [{ email: 'j@readers.test', sections: ['atlantis'] }, 'UNKNOWN_REFERENCE'],
        [{ email: 'k@readers.test', tags: ['no-such-tag'] }, 'UNKNOWN_REFERENCE'],
        [{ email: 'l@readers.test', sections: ['sport'], locale: 'ru' }, 'UNKNOWN_REFERENCE'],
      ];
      for (const [body, code] of cases) {
        const problem = assertProblem(await subscribe(body), 400, code);
        if (code === 'VALIDATION_FAILED') assert.ok(problem.errors?.length, JSON.stringify(problem));
      }
      for (const body of [
        {},
        { token: 'short' },
        { token: 'has spaces and is long enough to pass the length' },
        { token: 'D'.repeat(43), extra: 1 },
      ]) {
        assertProblem(await call('POST', '/api/v1/subscriptions/confirm', { body }), 400, 'VALIDATION_FAILED');
        assertProblem(await call('POST', '/api/v1/subscriptions/unsubscribe', { body }), 400, 'VALIDATION_FAILED');
      }
      assertProblem(await call('POST', '/api/v1/subscriptions/confirm', { body: { token: 'E'.repeat(43) } }), 404, 'INVALID_TOKEN');
      assertProblem(await call('POST', '/api/v1/subscriptions/unsubscribe?token=' + 'F'.repeat(43), { form: 'List-Unsubscribe=Maybe' }), 400);
      assertProblem(await call('POST', '/api/v1/subscriptions/unsubscribe', { form: 'List-Unsubscribe=One-Click' }), 400, 'VALIDATION_FAILED');
      assertProblem(await call('POST', '/api/v1/subscriptions', { form: 'email=form%40readers.test&sections=world' }), 415);
      const emails = cases.flatMap(([body]) => (typeof body.email === 'string' ? [body.email.toLowerCase()] : []));
      assert.equal(await db.getRepository(SubscriptionEntity).countBy({ email: In(emails) }), 0, 'a refused request wrote nothing');
    });

    it('rejects bad input with the same codes over GraphQL', async () => {
      const mutation = 'mutation($input: SubscribeInput!) { subscribe(input: $input) { accepted } }';
      assertGqlError(await gql(mutation, { input: { email: 'not-an-email', sections: ['world'] } }), ['VALIDATION_FAILED', 'BAD_USER_INPUT']);
      assertGqlError(await gql(mutation, { input: { email: 'm@readers.test' } }), 'NO_TARGETS');
      assertGqlError(await gql(mutation, { input: { email: 'n@readers.test', sections: ['atlantis'] } }), 'UNKNOWN_REFERENCE');
      assertGqlError(
        await gql('mutation($input: SubscriptionTokenInput!) { confirmSubscription(input: $input) { status } }', { input: { token: 'nope' } }),
        'VALIDATION_FAILED',
      );
      assertGqlError(
        await gql('mutation($input: SubscriptionTokenInput!) { confirmSubscription(input: $input) { status } }', {
          input: { token: 'G'.repeat(43) },
        }),
        'INVALID_TOKEN',
      );
    });

    it('subscribes and confirms over GraphQL', async () => {
      const email = 'graphql@readers.test';
      const res = await gql('mutation($input: SubscribeInput!) { subscribe(input: $input) { accepted message } }', {
        input: { email, sections: ['sport'], frequency: 'daily' },
      });
      assert.equal(res.body.data.subscribe.accepted, true, res.text);
      await outbox.settle();
      const token = tokenIn(smtp.to(email)[0], 'confirm');
      const confirmed = await gql('mutation($input: SubscriptionTokenInput!) { confirmSubscription(input: $input) { status frequency sections } }', {
        input: { token },
      });
      assert.deepEqual(confirmed.body.data.confirmSubscription, { status: 'active', frequency: 'daily', sections: ['sport'] });
    });
  });

  describe('when the mail server is away', () => {
    it('keeps the email while SMTP is down during the publish and sends it once when it is back', async () => {
      const email = 'patient@readers.test';
      await activeSubscriber({ email, sections: ['world'] });
      const port = smtp.port;
      const old = smtp;
      await smtp.stop();
      let article: { id: string };
      try {
        article = await publish('Published while the mail server was down');
        await outbox.settle();
        const { id } = await subscriptionRow(email);
        const key = `article:${article.id}:sub:${id}`;
        const job = await eventually(
          'two failed attempts',
          async () => (await mailJobs()).find((j) => j.dedupe_key === key),
          (j) => j !== undefined && j.attempts >= 2,
        );
        assert.equal(job!.status, 'pending', 'waiting for a retry, not lost');
        assert.ok(job!.last_error, 'the failure is recorded');
      } finally {
        smtp = await startSmtpServer(port);
      }
      const subject = 'Published while the mail server was down';
      await smtp.waitFor(1, (m) => m.envelope.to.includes(email) && m.subject === subject);
      await eventually('no mail job left', mailJobs, (jobs) => jobs.every((j) => j.status !== 'pending'));
      await sleep(300);
      assert.equal(smtp.to(email).filter((m) => m.subject === subject).length, 1, 'exactly once');
      assert.equal(old.to(email).filter((m) => m.subject === subject).length, 0);
    });

    it('gives up at once on a recipient the server refuses for good (5xx), keeping the job dead for a replay', async () => {
      const email = 'bounce@readers.test';
      await activeSubscriber({ email, sections: ['world'] });
      smtp.refuse.add(email);
      try {
        const article = await publish('To a mailbox that does not exist');
        await outbox.settle();
        const { id } = await subscriptionRow(email);
        const job = (await mailJobs()).find((j) => j.dedupe_key === `article:${article.id}:sub:${id}`);
        assert.deepEqual([job?.status, job?.attempts], ['dead', 1]);
        assert.match(job!.last_error ?? '', /refused/);
      } finally {
        smtp.refuse.delete(email);
      }
    });
  });

  describe('daily digest', () => {
    it('sends a daily subscriber one digest with the day’s articles, once', async () => {
      const email = 'daily@readers.test';
      await activeSubscriber({ email, sections: ['sport'], frequency: 'daily' });
      const first = await publish('First sport story of the day', { section: 'sport' });
      const second = await publish('Second sport story of the day', { section: 'sport' });
      await outbox.settle();
      assert.equal(smtp.to(email).length, 1, 'a daily subscriber gets no instant email');

      const digest = t.app.get(SubscriptionDigest);
      const realNow = clock.now.bind(clock);
      const tomorrow = new Date(Date.now() + 24 * 3_600_000);
      const at = new Date(Date.UTC(tomorrow.getUTCFullYear(), tomorrow.getUTCMonth(), tomorrow.getUTCDate(), 7));
      clock.now = () => at;
      try {
        assert.ok((await digest.tick()) >= 1);
        await outbox.settle();
        assert.equal(await digest.tick(), 0, 'nothing more for the same day');
        await outbox.settle();
      } finally {
        clock.now = realNow;
      }
      const mails = smtp.to(email);
      assert.equal(mails.length, 2, mails.map((m) => m.subject).join(' | '));
      const mail = mails[1];
      assertSubscriptionMail(mail);
      assert.match(mail.subject, new RegExp(`digest for ${at.toISOString().slice(0, 10)} \\(2 articles\\)`));
      assert.ok(mail.text.indexOf('First sport story of the day') < mail.text.indexOf('Second sport story of the day'));
      assert.ok(mail.text.includes(`/en/sport/${first.slug}`) && mail.text.includes(`/en/sport/${second.slug}`));
    });
  });

  describe('two instances on one database', () => {
    let second: { close(): Promise<void> };

    before(async () => {
      const env = mailEnv(smtp);
      second = DIALECT === 'SQLite' ? await startWorkerInstance(t, env) : await startTestApp({ demo: false, shareDatabaseWith: t, env });
    });
    after(async () => {
      await second?.close();
    });

    it('sends each subscriber each article once, also when the fan-out runs again', async () => {
      const emails = await seedSubscribers(t, 40, 'multi', 'multi');
      const subject = 'Two instances, one email each';
      const article = await publish(subject, { section: 'multi' });
      // A fan-out that runs again (a retry after a crash, another instance) queues nothing new.
      const delivery = t.app.get(SubscriptionDelivery);
      await Promise.all([delivery.fanOut(article.id), delivery.fanOut(article.id)]);
      await smtp.waitFor(40, (m) => m.subject === subject);
      await eventually('no mail job left', mailJobs, (jobs) => jobs.every((j) => j.status !== 'pending'));
      await sleep(300);
      const got = smtp.received.filter((m) => m.subject === subject).flatMap((m) => m.envelope.to);
      assert.equal(got.length, 40, `${got.length} emails for 40 subscribers`);
      assert.deepEqual(new Set(got), new Set(emails));
    });
  });

  describe('fan-out to 1,000 subscribers', () => {
    it('measures the time from publish to the last email reaching the SMTP server', async (ctx) => {
      const emails = await seedSubscribers(t, 1000, 'bulk', 'bulk');
      const subject = 'One thousand readers';
      const started = performance.now();
      await publish(subject, { section: 'bulk' });
      await smtp.waitFor(1000, (m) => m.subject === subject, 180_000);
      const elapsed = performance.now() - started;
      const got = smtp.received.filter((m) => m.subject === subject).flatMap((m) => m.envelope.to);
      assert.equal(new Set(got).size, 1000);
      assert.deepEqual(new Set(got), new Set(emails));
      const line = `fan-out on ${DIALECT}: publish → 1,000th email at the SMTP server in ${(elapsed / 1000).toFixed(2)} s (${Math.round(1000 / (elapsed / 1000))} emails/s)`;
      ctx.diagnostic(line);
      process.stdout.write(`# ${line}\n`);
    });
  });
});

/** The worker's side: another instance on the shared database, with its own outbox worker (CommonJS, run with eval). */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  const { startTestApp } = await import(workerData.harness);
  const t = await startTestApp({ demo: false, shareDatabaseWith: { database: workerData.database }, env: workerData.env });
  parentPort.on('message', async () => {
    await t.close();
    parentPort.postMessage({ closed: true });
    parentPort.close();
  });
  parentPort.postMessage({ ready: true });
})().catch((error) => parentPort.postMessage({ ready: false, error: String((error && error.stack) || error) }));
`;

/**
 * better-sqlite3 is synchronous: a second SQLite connection in this thread waiting for the first one's
 * write lock would block the thread that must release it. Instances are separate processes in
 * production; here the second one runs in a worker thread of its own.
 */
async function startWorkerInstance(owner: TestApp, env: Record<string, string>): Promise<{ close(): Promise<void> }> {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { harness: new URL('./support/test-app.js', import.meta.url).href, database: owner.database, env },
  });
  await new Promise<void>((resolve, reject) => {
    worker.once('message', (message: { ready: boolean; error?: string }) =>
      message.ready ? resolve() : reject(new Error(`worker instance failed to start: ${message.error}`)),
    );
    worker.once('error', reject);
  });
  return {
    close: () =>
      new Promise<void>((resolve) => {
        worker.once('message', () => resolve());
        worker.postMessage('close');
      }),
  };
}
