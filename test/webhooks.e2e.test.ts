import assert from 'node:assert/strict';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { Outbox } from '../src/outbox/outbox.service.js';
import { assertGqlError, assertNoLeak, assertProblem } from './support/assertions.js';
import { startTestApp, type HttpResponse, type TestApp } from './support/test-app.js';

/**
 * Outbound webhooks end to end, against a real HTTP receiver on 127.0.0.1 that checks
 * every signature the way the README tells partners to: article and media events reach
 * the webhooks subscribed to them, signed; a failing receiver is retried with backoff
 * until it answers 2xx, every attempt in the delivery log; a failed delivery is replayed;
 * internal targets are refused unless WEBHOOK_ALLOWED_HOSTS names them, at registration
 * and again at delivery; only admins manage webhooks; drafts never reach a receiver.
 */

const DIALECT = process.env.DATABASE_URL ? 'PostgreSQL' : 'SQLite';
const PARAGRAPH = { type: 'paragraph', text: 'A paragraph.' };
const UNKNOWN_ID = '0f0e0d0c-0b0a-4909-8807-060504030201';
const ENV = {
  WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
  OUTBOX_POLL_MS: '10',
  WEBHOOK_RETRY_BASE_MS: '10',
  WEBHOOK_RETRY_MAX_MS: '40',
  WEBHOOK_MAX_ATTEMPTS: '3',
  WEBHOOK_TIMEOUT_MS: '5000',
};

// ---------------------------------------------------------------------------
// The receiver: a real HTTP server, as a partner would run it

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

class Receiver {
  readonly received: Received[] = [];
  /** Per path: the statuses to answer next, in order; then 200. */
  readonly script = new Map<string, number[]>();
  private server!: Server;
  port = 0;

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const path = req.url ?? '/';
        this.received.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        const status = this.script.get(path)?.shift() ?? 200;
        res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'down for maintenance');
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  at(path: string): Received[] {
    return this.received.filter((r) => r.path === path);
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** What a receiver does (README, "Verifying a delivery"): HMAC-SHA256 over "<timestamp>.<raw body>", a recent timestamp. */
function verify(secret: string, request: Received, toleranceSeconds = 300): boolean {
  const timestamp = String(request.headers['webhook-timestamp'] ?? '');
  const signatures = String(request.headers['webhook-signature'] ?? '').split(' ');
  if (!/^\d+$/.test(timestamp) || Math.abs(Date.now() / 1000 - Number(timestamp)) > toleranceSeconds) return false;
  const expected = Buffer.from(`v1=${createHmac('sha256', secret).update(`${timestamp}.${request.body}`).digest('hex')}`);
  return signatures.some((s) => Buffer.byteLength(s) === expected.length && timingSafeEqual(Buffer.from(s), expected));
}

// ---------------------------------------------------------------------------

describe(`Webhooks (${DIALECT})`, () => {
  let t: TestApp;
  let admin: string;
  let editor: string;
  let reader: string;
  const receiver = new Receiver();

  before(async () => {
    await receiver.start();
    t = await startTestApp({ env: ENV });
    admin = await t.token('admin');
    editor = await t.token('editor');
    reader = await t.token('reader');
  });
  after(async () => {
    await t.close();
    await receiver.stop();
  });

  const req = async (method: string, url: string, options: Parameters<TestApp['request']>[2] = {}): Promise<HttpResponse> => {
    const res = await t.request(method, url, options);
    assertNoLeak(res);
    assert.ok(res.status < 500, `${method} ${url} answered ${res.status}: ${res.text}`);
    return res;
  };

  async function createWebhook(path: string, events: string[], extra: Record<string, unknown> = {}): Promise<{ id: string; secret: string }> {
    const res = await req('POST', '/api/v1/webhooks', { token: admin, body: { url: receiver.url(path), events, ...extra } });
    assert.equal(res.status, 201, res.text);
    return res.body;
  }

  async function draft(headline: string): Promise<{ id: string; version: number; slug: string }> {
    const res = await req('POST', '/api/v1/articles', { token: editor, body: { headline, section: 'russia', body: [PARAGRAPH] } });
    assert.equal(res.status, 201, res.text);
    return res.body;
  }

  async function publish(id: string): Promise<{ version: number }> {
    const res = await req('POST', `/api/v1/articles/${id}/publish`, { token: editor });
    assert.equal(res.status, 200, res.text);
    return res.body;
  }

  async function deliveries(webhookId: string, query = ''): Promise<HttpResponse> {
    const res = await req('GET', `/api/v1/webhooks/${webhookId}/deliveries${query}`, { token: admin });
    assert.equal(res.status, 200, res.text);
    return res;
  }

  /** Runs the outbox until the webhook's deliveries satisfy `done` (retries wait out their backoff); fails with the last log if they never do. */
  async function waitForDeliveries(webhookId: string, done: (log: DeliveryRow[]) => boolean): Promise<DeliveryRow[]> {
    const outbox = t.app.get(Outbox);
    const deadline = Date.now() + 20_000;
    for (;;) {
      await outbox.settle();
      const log = (await deliveries(webhookId, '?limit=100')).body.data as DeliveryRow[];
      if (done(log)) return log;
      if (Date.now() > deadline) assert.fail(`deliveries of ${webhookId} never got there: ${JSON.stringify(log, null, 2).slice(0, 2000)}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  const settled = (count: number) => (log: DeliveryRow[]) => log.length >= count && log.every((d) => d.status !== 'pending');

  async function removeWebhook(id: string): Promise<void> {
    assert.equal((await req('DELETE', `/api/v1/webhooks/${id}`, { token: admin })).status, 204);
  }

  describe('deliveries', () => {
    it('signs each delivery so the receiver can verify it, and carries what a frontend needs to revalidate', async () => {
      const hook = await createWebhook('/signed', ['article.published']);
      assert.match(hook.secret, /^whsec_[A-Za-z0-9_-]{43}$/);
      const article = await draft('Webhooks: a signed publish');
      const published = await publish(article.id);

      const [delivery] = await waitForDeliveries(hook.id, settled(1));
      const got = receiver.at('/signed');
      assert.equal(got.length, 1);
      const request = got[0];
      assert.equal(verify(hook.secret, request), true, 'the signature verifies with the secret shown at creation');
      assert.equal(verify('whsec_not-the-secret-at-all-000000000000000000', request), false, 'and with no other secret');
      assert.equal(verify(hook.secret, { ...request, body: request.body.replace('published', 'unpublished') }), false, 'nor over another body');
      assert.match(String(request.headers['content-type']), /^application\/json/);
      assert.equal(request.headers['webhook-event'], 'article.published');

      const body = JSON.parse(request.body);
      assert.deepEqual(Object.keys(body).sort(), ['data', 'id', 'occurredAt', 'type']);
      assert.equal(body.id, request.headers['webhook-id']);
      assert.equal(body.id, delivery.id);
      assert.equal(body.type, 'article.published');
      assert.ok(!Number.isNaN(Date.parse(body.occurredAt)));
      assert.deepEqual(
        { ...body.data, section: { slug: body.data.section.slug } },
        {
          id: article.id,
          status: 'published',
          previousStatus: 'draft',
          version: published.version,
          visible: true,
          slug: article.slug,
          locale: 'en',
          section: { slug: 'russia' },
          url: `http://cms.test/en/russia/${article.slug}`,
          headline: 'Webhooks: a signed publish',
          publishedAt: body.data.publishedAt,
          isBreaking: false,
          tagIds: [],
        },
      );
      assert.ok(body.data.publishedAt);

      assert.equal(delivery.status, 'succeeded');
      assert.equal(delivery.attempts, 1);
      assert.equal(delivery.lastResponseStatus, 200);
      assert.equal(delivery.lastResponseExcerpt, 'ok');
      assert.equal(delivery.eventType, 'article.published');
      assert.equal(delivery.payload, request.body, 'the log keeps the body byte for byte');
      assert.ok(delivery.deliveredAt);
      assert.equal(typeof delivery.responseTimeMs, 'number');
      await removeWebhook(hook.id);
    });

    it('sends each webhook only the events it subscribed to, and nothing to a disabled one', async () => {
      const onPublish = await createWebhook('/filter-published', ['article.published']);
      const onUpdate = await createWebhook('/filter-updated', ['article.updated']);
      const disabled = await createWebhook('/filter-disabled', ['article.published', 'article.updated'], { active: false });
      const article = await draft('Webhooks: filtering');
      const published = await publish(article.id);
      const patched = await req('PATCH', `/api/v1/articles/${article.id}`, {
        token: editor,
        headers: { 'If-Match': `"${published.version}"` },
        body: { lead: 'A new lead' },
      });
      assert.equal(patched.status, 200, patched.text);

      const updates = await waitForDeliveries(onUpdate.id, settled(1));
      const publishes = await waitForDeliveries(onPublish.id, settled(1));
      assert.deepEqual(
        publishes.map((d) => d.eventType),
        ['article.published'],
      );
      assert.deepEqual(
        updates.map((d) => d.eventType),
        ['article.updated'],
      );
      assert.deepEqual(
        receiver.at('/filter-published').map((r) => JSON.parse(r.body).type),
        ['article.published'],
      );
      const update = JSON.parse(receiver.at('/filter-updated')[0].body);
      assert.equal(update.type, 'article.updated');
      assert.equal(update.data.version, patched.body.version);
      assert.equal(update.data.visible, true);
      assert.deepEqual((await deliveries(disabled.id)).body.data, []);
      assert.equal(receiver.at('/filter-disabled').length, 0);
      for (const hook of [onPublish, onUpdate, disabled]) await removeWebhook(hook.id);
    });

    it('retries a failing receiver with backoff: 500, 500, then 200 is three attempts in the log and a success', async () => {
      const hook = await createWebhook('/flaky', ['article.published']);
      receiver.script.set('/flaky', [500, 500]);
      const article = await draft('Webhooks: a flaky receiver');
      await publish(article.id);

      const [delivery] = await waitForDeliveries(hook.id, settled(1));
      assert.equal(delivery.status, 'succeeded');
      assert.equal(delivery.attempts, 3);
      assert.equal(delivery.lastResponseStatus, 200);
      assert.equal(delivery.lastError, null);
      assert.equal(delivery.nextAttemptAt, null);
      const got = receiver.at('/flaky');
      assert.equal(got.length, 3, 'two failures and the success');
      assert.deepEqual(new Set(got.map((r) => r.headers['webhook-id'])), new Set([delivery.id]), 'one delivery id across retries');
      assert.deepEqual(new Set(got.map((r) => r.body)), new Set([delivery.payload]), 'the same body on every attempt');
      for (const request of got) assert.equal(verify(hook.secret, request), true);
      await removeWebhook(hook.id);
    });

    it('marks a delivery failed after WEBHOOK_MAX_ATTEMPTS, and a replay (REST, then GraphQL) delivers it again', async () => {
      const hook = await createWebhook('/down', ['article.published']);
      receiver.script.set('/down', [503, 503, 503]);
      const article = await draft('Webhooks: a receiver that is down');
      await publish(article.id);

      const [failed] = await waitForDeliveries(hook.id, settled(1));
      assert.equal(failed.status, 'failed');
      assert.equal(failed.attempts, 3);
      assert.equal(failed.lastResponseStatus, 503);
      assert.match(failed.lastError ?? '', /503/);
      assert.equal(failed.lastResponseExcerpt, 'down for maintenance');
      assert.equal(failed.deliveredAt, null);
      assert.equal(receiver.at('/down').length, 3);
      assert.deepEqual(
        (await deliveries(hook.id, '?status=failed')).body.data.map((d: DeliveryRow) => d.id),
        [failed.id],
      );

      const replay = await req('POST', `/api/v1/webhooks/${hook.id}/deliveries/${failed.id}/replay`, { token: admin });
      assert.equal(replay.status, 202, replay.text);
      assert.equal(replay.body.id, failed.id);
      assert.equal(replay.body.status, 'pending');
      const [replayed] = await waitForDeliveries(hook.id, (log) => log[0]?.status === 'succeeded');
      assert.equal(replayed.attempts, 4);
      assert.equal(replayed.lastResponseStatus, 200);
      assert.equal(receiver.at('/down').length, 4);
      const fourth = receiver.at('/down')[3];
      assert.equal(fourth.headers['webhook-id'], failed.id);
      assert.equal(fourth.body, failed.payload, 'a replay sends the same body');
      assert.equal(verify(hook.secret, fourth), true, 'with a fresh, valid signature');

      const viaGraphql = await t.gql(
        'mutation ($id: ID!, $deliveryId: ID!) { replayWebhookDelivery(id: $id, deliveryId: $deliveryId) { id status } }',
        { id: hook.id, deliveryId: failed.id },
        admin,
      );
      assert.equal(viaGraphql.body.errors, undefined, viaGraphql.text);
      assert.deepEqual(viaGraphql.body.data.replayWebhookDelivery, { id: failed.id, status: 'pending' });
      const [again] = await waitForDeliveries(hook.id, (log) => log[0]?.attempts === 5 && log[0].status === 'succeeded');
      assert.equal(again.status, 'succeeded');
      assert.equal(receiver.at('/down').length, 5);

      assertProblem(await t.request('POST', `/api/v1/webhooks/${hook.id}/deliveries/${UNKNOWN_ID}/replay`, { token: admin }), 404, 'NOT_FOUND');
      assertProblem(await t.request('POST', `/api/v1/webhooks/${UNKNOWN_ID}/deliveries/${failed.id}/replay`, { token: admin }), 404, 'NOT_FOUND');
      assertProblem(await t.request('POST', `/api/v1/webhooks/${hook.id}/deliveries/nope/replay`, { token: admin }), 400, 'INVALID_ID');
      const off = await req('PATCH', `/api/v1/webhooks/${hook.id}`, { token: admin, body: { active: false } });
      assert.equal(off.body.active, false);
      assertProblem(await t.request('POST', `/api/v1/webhooks/${hook.id}/deliveries/${failed.id}/replay`, { token: admin }), 409, 'WEBHOOK_INACTIVE');
      await removeWebhook(hook.id);
    });

    it('never sends a draft’s content: events about articles readers cannot see carry ids and status only', async () => {
      const hook = await createWebhook('/drafts', ['article.created', 'article.updated']);
      const article = await draft('Webhooks: a secret draft headline');
      const patched = await req('PATCH', `/api/v1/articles/${article.id}`, {
        token: editor,
        headers: { 'If-Match': `"${article.version}"` },
        body: { lead: 'Confidential lead' },
      });
      assert.equal(patched.status, 200, patched.text);
      await waitForDeliveries(hook.id, settled(2));
      const bodies = receiver.at('/drafts').map((r) => r.body);
      assert.equal(bodies.length, 2);
      for (const raw of bodies) {
        assert.doesNotMatch(raw, /secret draft headline|Confidential|webhooks-a-secret-draft/i);
        const body = JSON.parse(raw);
        assert.deepEqual(Object.keys(body.data).sort(), ['id', 'previousStatus', 'status', 'version', 'visible']);
        assert.equal(body.data.id, article.id);
        assert.equal(body.data.visible, false);
      }
      assert.deepEqual(bodies.map((raw) => JSON.parse(raw).type).sort(), ['article.created', 'article.updated']);
      await removeWebhook(hook.id);
    });

    it('announces an upload as media.created, with the media id and its URL', async () => {
      const hook = await createWebhook('/media', ['media.created']);
      const n = (process.pid * 7919 + Date.now()) % 0xffffff;
      const png = await sharp({ create: { width: 24, height: 16, channels: 3, background: { r: n >> 16, g: (n >> 8) & 0xff, b: n & 0xff } } })
        .png()
        .toBuffer();
      const boundary = `----webhooks-e2e-${randomBytes(8).toString('hex')}`;
      const multipart = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="dot.png"\r\nContent-Type: image/png\r\n\r\n`),
        png,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      const upload = await req('POST', '/api/v1/media', {
        token: editor,
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
        rawBody: multipart,
      });
      assert.equal(upload.status, 201, upload.text);

      await waitForDeliveries(hook.id, settled(1));
      const [request] = receiver.at('/media');
      assert.equal(verify(hook.secret, request), true);
      const body = JSON.parse(request.body);
      assert.equal(body.type, 'media.created');
      assert.deepEqual(body.data, {
        id: upload.body.id,
        kind: 'image',
        mimeType: 'image/png',
        size: png.length,
        width: 24,
        height: 16,
        url: `http://cms.test/api/v1/media/${upload.body.id}`,
      });

      // The same bytes again are the existing record, not a new one: no second event.
      const again = await req('POST', '/api/v1/media', {
        token: editor,
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
        rawBody: multipart,
      });
      assert.equal(again.status, 200);
      await t.app.get(Outbox).settle();
      assert.equal((await deliveries(hook.id)).body.data.length, 1);
      await removeWebhook(hook.id);
    });

    it('pages through a webhook’s deliveries newest first, with a Link to the next page', async () => {
      const hook = await createWebhook('/paged', ['article.created']);
      for (const n of [1, 2, 3]) await draft(`Webhooks: paging ${n}`);
      const all = await waitForDeliveries(hook.id, settled(3));
      assert.equal(all.length, 3);
      const first = await deliveries(hook.id, '?limit=2');
      assert.equal(first.body.data.length, 2);
      assert.equal(first.body.page.hasMore, true);
      assert.match(String(first.headers.link), /rel="next"/);
      const second = await deliveries(hook.id, `?limit=2&cursor=${first.body.page.nextCursor}`);
      assert.equal(second.body.data.length, 1);
      assert.equal(second.body.page.hasMore, false);
      assert.deepEqual(
        [...first.body.data, ...second.body.data].map((d: DeliveryRow) => d.id),
        all.map((d) => d.id),
      );
      await removeWebhook(hook.id);
    });
  });

  describe('administration', () => {
    it('shows the secret once: at creation, never in a read, a list or GraphQL', async () => {
      const given = `my-own-secret-${randomBytes(12).toString('hex')}`;
      const created = await createWebhook('/shown-once', ['article.published'], { secret: given, description: 'Frontend' });
      assert.equal(created.secret, given);
      const one = await req('GET', `/api/v1/webhooks/${created.id}`, { token: admin });
      assert.equal(one.status, 200);
      assert.deepEqual(Object.keys(one.body).sort(), ['active', 'createdAt', 'description', 'events', 'id', 'updatedAt', 'url']);
      assert.equal(one.body.url, receiver.url('/shown-once'));
      const list = await req('GET', '/api/v1/webhooks', { token: admin });
      assert.ok(list.body.data.some((w: { id: string }) => w.id === created.id));
      assert.doesNotMatch(list.text, new RegExp(given));
      assert.doesNotMatch(one.text, /secret/i);
      const gql = await t.gql('query ($id: ID!) { webhook(id: $id) { id secret } }', { id: created.id }, admin);
      assertGqlError(gql, 'GRAPHQL_VALIDATION_FAILED');
      await removeWebhook(created.id);
    });

    it('mirrors everything in GraphQL: create, list, read with deliveries, update, delete', async () => {
      const created = await t.gql(
        'mutation ($input: CreateWebhookInput!) { createWebhook(input: $input) { id url events active secret deliveries { edges { cursor } } } }',
        { input: { url: receiver.url('/graphql'), events: ['article.published'] } },
        admin,
      );
      assert.equal(created.body.errors, undefined, created.text);
      const hook = created.body.data.createWebhook;
      assert.match(hook.secret, /^whsec_/);
      assert.equal(hook.active, true);
      assert.deepEqual(hook.deliveries.edges, []);

      const listed = await t.gql('{ webhooks(first: 100) { edges { cursor node { id url } } pageInfo { hasNextPage endCursor } } }', {}, admin);
      assert.ok(listed.body.data.webhooks.edges.some((e: { node: { id: string } }) => e.node.id === hook.id));

      const article = await draft('Webhooks: GraphQL');
      await publish(article.id);
      await waitForDeliveries(hook.id, settled(1));
      const read = await t.gql(
        `query ($id: ID!) { webhook(id: $id) { id events deliveries(first: 5) {
           edges { cursor node { id webhookId eventType status attempts lastResponseStatus payload } }
           pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } } }`,
        { id: hook.id },
        admin,
      );
      assert.equal(read.body.errors, undefined, read.text);
      const [edge] = read.body.data.webhook.deliveries.edges;
      assert.equal(edge.node.webhookId, hook.id);
      assert.equal(edge.node.status, 'succeeded');
      assert.equal(edge.node.attempts, 1);
      assert.equal(JSON.parse(edge.node.payload).data.id, article.id);

      const updated = await t.gql(
        'mutation ($id: ID!, $input: UpdateWebhookInput!) { updateWebhook(id: $id, input: $input) { id events active description } }',
        { id: hook.id, input: { events: ['media.created', 'article.updated'], active: false, description: 'Paused' } },
        admin,
      );
      assert.deepEqual(updated.body.data.updateWebhook, {
        id: hook.id,
        events: ['media.created', 'article.updated'],
        active: false,
        description: 'Paused',
      });
      const refused = await t.gql(
        'mutation ($id: ID!, $input: UpdateWebhookInput!) { updateWebhook(id: $id, input: $input) { id } }',
        { id: hook.id, input: { url: 'http://169.254.169.254/latest/meta-data/' } },
        admin,
      );
      assertGqlError(refused, 'WEBHOOK_URL_FORBIDDEN');

      const deleted = await t.gql('mutation ($id: ID!) { deleteWebhook(id: $id) }', { id: hook.id }, admin);
      assert.equal(deleted.body.data.deleteWebhook, true);
      assertGqlError(await t.gql('query ($id: ID!) { webhook(id: $id) { id } }', { id: hook.id }, admin), 'NOT_FOUND');
      assertProblem(await t.request('GET', `/api/v1/webhooks/${hook.id}/deliveries`, { token: admin }), 404, 'NOT_FOUND');
    });

    it('refuses internal targets (400 WEBHOOK_URL_FORBIDDEN) unless WEBHOOK_ALLOWED_HOSTS names the host, over REST and GraphQL', async () => {
      const count = async () => (await req('GET', '/api/v1/webhooks?limit=100', { token: admin })).body.data.length;
      const before = await count();
      for (const url of [
        'http://10.0.0.1/hook',
        'http://[::1]/hook',
        'http://169.254.169.254/latest/meta-data/',
        `http://localhost:${receiver.port}/hook`,
        'http://127.0.0.2/hook',
        'http://[::ffff:127.0.0.1]/hook',
        'http://0x7f000002/hook', // 127.0.0.2, spelled as one hex number
        'http://192.168.1.10/hook',
        'http://100.64.0.1/hook',
      ]) {
        const res = await t.request('POST', '/api/v1/webhooks', { token: admin, body: { url, events: ['article.published'] } });
        const problem = assertProblem(res, 400, 'WEBHOOK_URL_FORBIDDEN');
        assert.deepEqual(
          problem.errors?.map((e) => e.field),
          ['url'],
          url,
        );
        assertGqlError(
          await t.gql(
            'mutation ($input: CreateWebhookInput!) { createWebhook(input: $input) { id } }',
            { input: { url, events: ['media.created'] } },
            admin,
          ),
          'WEBHOOK_URL_FORBIDDEN',
        );
      }
      for (const url of ['ftp://127.0.0.1/hook', `http://user:password@127.0.0.1:${receiver.port}/`, 'not a url', 'javascript:alert(1)']) {
        assertProblem(
          await t.request('POST', '/api/v1/webhooks', { token: admin, body: { url, events: ['article.published'] } }),
          400,
          'INVALID_WEBHOOK_URL',
        );
      }
      assert.equal(await count(), before, 'nothing was registered');

      // 127.0.0.1 is on this app's allow-list; a change to a forbidden URL leaves the webhook as it was.
      const allowed = await createWebhook('/allowed', ['article.published']);
      const patch = await t.request('PATCH', `/api/v1/webhooks/${allowed.id}`, { token: admin, body: { url: 'http://10.1.2.3/' } });
      assertProblem(patch, 400, 'WEBHOOK_URL_FORBIDDEN');
      assert.equal((await req('GET', `/api/v1/webhooks/${allowed.id}`, { token: admin })).body.url, receiver.url('/allowed'));
      await removeWebhook(allowed.id);
    });

    it('answers bad input with a 400 naming the field, and writes nothing', async () => {
      const hook = await createWebhook('/bad-input', ['article.published']);
      const cases: [string, string, unknown, string][] = [
        ['POST', '/api/v1/webhooks', { url: receiver.url('/x'), events: [] }, 'events'],
        ['POST', '/api/v1/webhooks', { url: receiver.url('/x'), events: ['article.nope'] }, 'events'],
        ['POST', '/api/v1/webhooks', { url: receiver.url('/x'), events: ['article.published', 'article.published'] }, 'events'],
        ['POST', '/api/v1/webhooks', { url: receiver.url('/x'), events: 'article.published' }, 'events'],
        ['POST', '/api/v1/webhooks', { events: ['article.published'] }, 'url'],
        ['POST', '/api/v1/webhooks', { url: 42, events: ['article.published'] }, 'url'],
        ['POST', '/api/v1/webhooks', { url: receiver.url('/x'), events: ['article.published'], secret: 'too-short' }, 'secret'],
        ['POST', '/api/v1/webhooks', { url: receiver.url('/x'), events: ['article.published'], active: 'yes' }, 'active'],
        ['POST', '/api/v1/webhooks', { url: receiver.url('/x'), events: ['article.published'], owner: 'me' }, 'owner'],
        ['PATCH', `/api/v1/webhooks/${hook.id}`, { url: null }, 'url'],
        ['PATCH', `/api/v1/webhooks/${hook.id}`, { events: null }, 'events'],
        ['PATCH', `/api/v1/webhooks/${hook.id}`, { secret: 'x'.repeat(10) }, 'secret'],
        ['PATCH', `/api/v1/webhooks/${hook.id}`, { active: null }, 'active'],
      ];
      const before = (await req('GET', '/api/v1/webhooks?limit=100', { token: admin })).body.data.length;
      for (const [method, url, body, field] of cases) {
        const problem = assertProblem(await t.request(method, url, { token: admin, body }), 400, 'VALIDATION_FAILED');
        assert.ok(
          problem.errors?.some((e) => e.field === field),
          `${method} ${JSON.stringify(body)}: ${JSON.stringify(problem.errors)}`,
        );
      }
      assert.equal((await req('GET', '/api/v1/webhooks?limit=100', { token: admin })).body.data.length, before);
      const unchanged = await req('GET', `/api/v1/webhooks/${hook.id}`, { token: admin });
      assert.deepEqual([unchanged.body.url, unchanged.body.events, unchanged.body.active], [receiver.url('/bad-input'), ['article.published'], true]);

      assertProblem(await t.request('GET', '/api/v1/webhooks/not-an-id', { token: admin }), 400, 'INVALID_ID');
      assertProblem(await t.request('GET', `/api/v1/webhooks/${UNKNOWN_ID}`, { token: admin }), 404, 'NOT_FOUND');
      assertProblem(await t.request('PATCH', `/api/v1/webhooks/${UNKNOWN_ID}`, { token: admin, body: { active: false } }), 404, 'NOT_FOUND');
      assertProblem(await t.request('DELETE', `/api/v1/webhooks/${UNKNOWN_ID}`, { token: admin }), 404, 'NOT_FOUND');
      assertProblem(await t.request('GET', '/api/v1/webhooks?limit=101', { token: admin }), 400, 'VALIDATION_FAILED');
      assertProblem(await t.request('GET', '/api/v1/webhooks?cursor=forged', { token: admin }), 400, 'INVALID_CURSOR');
      assertProblem(await t.request('GET', `/api/v1/webhooks/${hook.id}/deliveries?status=lost`, { token: admin }), 400, 'VALIDATION_FAILED');
      assertProblem(await t.request('GET', `/api/v1/webhooks/${hook.id}/deliveries?cursor=forged`, { token: admin }), 400, 'INVALID_CURSOR');
      assertGqlError(
        await t.gql('mutation { createWebhook(input: { url: "http://127.0.0.1/", events: ["nope"] }) { id } }', {}, admin),
        'VALIDATION_FAILED',
      );
      await removeWebhook(hook.id);
    });

    it('is for admins only: others get 403, anonymous clients 401, over REST and GraphQL', async () => {
      const hook = await createWebhook('/admins', ['article.published']);
      const routes: [string, string, unknown?][] = [
        ['GET', '/api/v1/webhooks'],
        ['POST', '/api/v1/webhooks', { url: receiver.url('/intruder'), events: ['article.published'] }],
        ['GET', `/api/v1/webhooks/${hook.id}`],
        ['PATCH', `/api/v1/webhooks/${hook.id}`, { url: receiver.url('/intruder') }],
        ['DELETE', `/api/v1/webhooks/${hook.id}`],
        ['GET', `/api/v1/webhooks/${hook.id}/deliveries`],
        ['POST', `/api/v1/webhooks/${hook.id}/deliveries/${UNKNOWN_ID}/replay`],
      ];
      for (const [method, url, body] of routes) {
        for (const token of [editor, reader]) assertProblem(await t.request(method, url, { token, body }), 403, 'FORBIDDEN');
        assertProblem(await t.request(method, url, { body }), 401, 'UNAUTHENTICATED');
      }
      const operations: [string, Record<string, unknown>][] = [
        ['{ webhooks { edges { node { id } } } }', {}],
        ['query ($id: ID!) { webhook(id: $id) { id } }', { id: hook.id }],
        [
          'mutation ($input: CreateWebhookInput!) { createWebhook(input: $input) { id } }',
          { input: { url: receiver.url('/intruder'), events: ['media.created'] } },
        ],
        ['mutation ($id: ID!) { updateWebhook(id: $id, input: { active: false }) { id } }', { id: hook.id }],
        ['mutation ($id: ID!) { deleteWebhook(id: $id) }', { id: hook.id }],
        ['mutation ($id: ID!) { replayWebhookDelivery(id: $id, deliveryId: $id) { id } }', { id: hook.id }],
      ];
      for (const [query, variables] of operations) {
        for (const token of [editor, reader]) assertGqlError(await t.gql(query, variables, token), 'FORBIDDEN');
        assertGqlError(await t.gql(query, variables), 'UNAUTHENTICATED');
      }
      const still = await req('GET', `/api/v1/webhooks/${hook.id}`, { token: admin });
      assert.deepEqual([still.body.url, still.body.active], [receiver.url('/admins'), true]);
      assert.equal(receiver.at('/intruder').length, 0);
      assert.ok(
        !(await req('GET', '/api/v1/webhooks?limit=100', { token: admin })).body.data.some((w: { url: string }) => w.url.endsWith('/intruder')),
      );
      await removeWebhook(hook.id);
    });
  });

  describe('without an allow-list (the same database, restarted with WEBHOOK_ALLOWED_HOSTS unset)', () => {
    let t2: TestApp;
    let registered: { id: string };

    before(async () => {
      registered = await createWebhook('/rebound', ['article.published']);
      await t.stop();
      t2 = await startTestApp({ shareDatabaseWith: t, env: { ...ENV, WEBHOOK_ALLOWED_HOSTS: '' } });
    });
    after(() => t2.close());

    it('refuses 127.0.0.1 and localhost at registration', async () => {
      const token = await t2.token('admin');
      for (const url of [receiver.url('/loopback'), `http://localhost:${receiver.port}/loopback`]) {
        assertProblem(
          await t2.request('POST', '/api/v1/webhooks', { token, body: { url, events: ['article.published'] } }),
          400,
          'WEBHOOK_URL_FORBIDDEN',
        );
      }
    });

    it('checks again at delivery: a webhook registered while allowed gets nothing, and its delivery says why', async () => {
      const token = await t2.token('admin');
      const editorToken = await t2.token('editor');
      const created = await t2.request('POST', '/api/v1/articles', {
        token: editorToken,
        body: { headline: 'Webhooks: no allow-list', section: 'russia', body: [PARAGRAPH] },
      });
      assert.equal(created.status, 201, created.text);
      assert.equal((await t2.request('POST', `/api/v1/articles/${created.body.id}/publish`, { token: editorToken })).status, 200);
      const outbox = t2.app.get(Outbox);
      let log: DeliveryRow[] = [];
      const deadline = Date.now() + 20_000;
      while (!(log.length === 1 && log[0].status !== 'pending')) {
        assert.ok(Date.now() < deadline, `the delivery never settled: ${JSON.stringify(log)}`);
        await outbox.settle();
        log = (await t2.request('GET', `/api/v1/webhooks/${registered.id}/deliveries`, { token })).body.data;
      }
      assert.equal(log[0].status, 'failed');
      assert.match(log[0].lastError ?? '', /Refused: .*127\.0\.0\.1.*WEBHOOK_ALLOWED_HOSTS/);
      assert.equal(log[0].attempts, 0, 'nothing was sent');
      assert.equal(receiver.at('/rebound').length, 0);
    });
  });
});

interface DeliveryRow {
  id: string;
  webhookId: string;
  eventType: string;
  eventId: string;
  status: 'pending' | 'succeeded' | 'failed';
  attempts: number;
  lastResponseStatus: number | null;
  lastResponseExcerpt: string | null;
  lastError: string | null;
  responseTimeMs: number | null;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  payload: string;
}
