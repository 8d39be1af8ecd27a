import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Fastify from 'fastify';
import { DomainError } from '../errors/domain-error.js';
import { registerDirectReads, type DirectRead } from './direct-reads.js';

/** A route whose own handler says "nest", and a direct read of it that answers for `?n=` digits only. */
async function appWith(read: DirectRead<number>, limited = false) {
  const answered: string[] = [];
  const app = Fastify();
  registerDirectReads(app, 'api/v1', [read as DirectRead<unknown>], {
    checkLimit: async () => {
      if (limited) throw new DomainError('RATE_LIMITED', 429, 'Too many requests; try again in 7 s.', undefined, { retryAfter: 7 });
    },
    answered: (route) => void answered.push(route),
  });
  app.get('/api/v1/things/:id', async () => ({ by: 'nest' }));
  await app.ready();
  return { app, answered };
}

const doubling: DirectRead<number> = {
  path: 'things/:id',
  read: (request) => {
    const n = (request.query as { n?: string }).n;
    if (n === undefined) return null;
    if (!/^\d+$/.test(n)) throw new Error('not digits');
    return Number(n);
  },
  answer: async (n) => ({ by: 'direct', twice: n * 2 }),
};

describe('registerDirectReads', () => {
  it("answers what its read accepts and leaves the rest (credentials, HEAD, what it can't read) to the route's handler", async () => {
    const { app, answered } = await appWith(doubling);
    const get = async (url: string, headers: Record<string, string> = {}, method: 'GET' | 'HEAD' = 'GET') =>
      (await app.inject({ method, url, headers })).body;
    assert.deepEqual(JSON.parse(await get('/api/v1/things/1?n=21')), { by: 'direct', twice: 42 });
    assert.deepEqual(JSON.parse(await get('/api/v1/things/1')), { by: 'nest' });
    assert.deepEqual(JSON.parse(await get('/api/v1/things/1?n=x')), { by: 'nest' });
    assert.deepEqual(JSON.parse(await get('/api/v1/things/1?n=2', { authorization: 'Bearer t' })), { by: 'nest' });
    assert.equal((await app.inject({ method: 'HEAD', url: '/api/v1/things/1?n=2' })).statusCode, 200);
    assert.deepEqual(answered, ['/api/v1/things/:id']);
    await app.close();
  });

  it('answers an error on the direct path as the global filter does (problem+json), counted once', async () => {
    const { app, answered } = await appWith(doubling, true);
    const res = await app.inject({ method: 'GET', url: '/api/v1/things/1?n=2' });
    assert.equal(res.statusCode, 429);
    assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.equal(res.headers['retry-after'], '7');
    assert.deepEqual(
      { code: JSON.parse(res.body).code, instance: JSON.parse(res.body).instance },
      { code: 'RATE_LIMITED', instance: '/api/v1/things/1?n=2' },
    );
    assert.deepEqual(answered, ['/api/v1/things/:id']);
    await app.close();
  });

  it('refuses to start when a direct read names a route that does not exist', async () => {
    const app = Fastify();
    registerDirectReads(app, 'api/v1', [{ ...doubling, path: 'thingz/:id' } as DirectRead<unknown>], {
      checkLimit: async () => {},
      answered: () => {},
    });
    app.get('/api/v1/things/:id', async () => ({ by: 'nest' }));
    await assert.rejects(async () => {
      await app.ready();
    }, /Direct reads for routes that do not exist: GET \/api\/v1\/thingz\/:id/);
  });
});
