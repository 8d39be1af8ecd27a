import assert from 'node:assert/strict';
import type { HttpResponse, RequestOptions, TestApp } from './test-app.js';

/** Assertions shared by the e2e suites: problem+json answers, GraphQL errors, no leaks. */

/** An RFC 9457 problem as the API answers it. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors?: { field: string; message: string }[];
}

/** No stack trace, no SQL, no driver error anywhere in an answer. */
export function assertNoLeak(res: HttpResponse): void {
  assert.doesNotMatch(res.text, /"stack(trace)?"\s*:/, `stack in answer: ${res.text.slice(0, 500)}`);
  assert.doesNotMatch(res.text, /(^|\\n|\n)\s*at \S+ \(|\bat (file|node):|\.(js|ts|mjs):\d+:\d+/, `stack trace in answer: ${res.text.slice(0, 500)}`);
  assert.doesNotMatch(
    res.text,
    /\b(SELECT|INSERT INTO|UPDATE "?\w+"? SET|DELETE FROM)\b|SQLITE_|QueryFailedError|violates .* constraint|syntax error at/,
    `SQL in answer: ${res.text.slice(0, 500)}`,
  );
}

/** An RFC 9457 problem (non-empty type, title and detail) with a stable code, and no leak; returns it. */
export function assertProblem(res: HttpResponse, status: number, code?: string): Problem {
  assert.equal(res.status, status, `expected ${status}${code ? ` ${code}` : ''}, got ${res.status}: ${res.text.slice(0, 600)}`);
  assert.match(String(res.headers['content-type']), /^application\/problem\+json/, `content-type ${String(res.headers['content-type'])}`);
  const p = res.body as Problem;
  assert.equal(p.status, status);
  if (code !== undefined) assert.equal(p.code, code, res.text.slice(0, 600));
  assert.match(String(p.code), /^[A-Z][A-Z0-9_]*$/);
  assert.equal(typeof p.type, 'string');
  assert.ok(p.type.length > 0, 'problem type is empty');
  assert.equal(typeof p.title, 'string');
  assert.ok(p.title.length > 0, 'problem title is empty');
  assert.equal(typeof p.detail, 'string');
  assert.ok(p.detail.length > 0, 'problem detail is empty');
  assertNoLeak(res);
  return p;
}

/** A GraphQL answer whose first error carries one of the expected codes and no stack trace. */
export function assertGqlError(res: HttpResponse, code: string | string[]): void {
  assertNoLeak(res);
  const errors = res.body?.errors;
  assert.ok(Array.isArray(errors) && errors.length > 0, `expected a GraphQL error, got ${res.status} ${res.text.slice(0, 500)}`);
  const codes = Array.isArray(code) ? code : [code];
  assert.ok(codes.includes(errors[0].extensions?.code), `expected ${codes.join('|')}, got ${res.text.slice(0, 500)}`);
  assert.equal(errors[0].extensions?.stacktrace, undefined);
}

/** An answer the server gave without failing: no leak, and never a 5xx. */
export function assertServed(res: HttpResponse, label: string): HttpResponse {
  assertNoLeak(res);
  assert.ok(res.status < 500, `${label} answered ${res.status}: ${res.text.slice(0, 600)}`);
  return res;
}

/** `request` and `gql` of an app (read when called: suites assign it in before()) that check every answer with assertServed. */
export function servedBy(app: () => Pick<TestApp, 'request' | 'gql'>) {
  return {
    req: async (method: string, url: string, options: RequestOptions = {}): Promise<HttpResponse> =>
      assertServed(await app().request(method, url, options), `${method} ${url}`),
    gql: async (query: string, variables?: Record<string, unknown>, token?: string): Promise<HttpResponse> =>
      assertServed(await app().gql(query, variables, token), 'GraphQL'),
  };
}
