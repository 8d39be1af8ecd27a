import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { pinnedLookup, type WebhookTarget } from './ssrf-guard.js';

/** How one attempt went. `status` is null when no answer came (refused, reset, timed out). */
export interface AttemptResult {
  ok: boolean;
  status: number | null;
  /** The start of the answer's body (at most EXCERPT_CHARS), for the delivery log. */
  excerpt: string | null;
  error: string | null;
  durationMs: number;
}

const EXCERPT_BYTES = 2048;
export const EXCERPT_CHARS = 500;

/**
 * One POST to a checked target: connects to the address that was checked (no second DNS
 * lookup), follows no redirect (a 3xx is a failure like any non-2xx), gives up after
 * `timeoutMs` in all, and reads no more of the answer than the excerpt it keeps.
 */
export function postOnce(target: WebhookTarget, headers: Record<string, string>, body: string, timeoutMs: number): Promise<AttemptResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const send = target.url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<AttemptResult>((resolve) => {
    let settled = false;
    const finish = (result: Omit<AttemptResult, 'durationMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...result, durationMs: elapsed() });
    };
    const req = send(
      target.url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        lookup: pinnedLookup(target),
        // A fresh connection each time: a pooled socket could be one to an address checked earlier.
        agent: false,
      },
      (res: IncomingMessage) => {
        const status = res.statusCode ?? 0;
        const chunks: Buffer[] = [];
        let size = 0;
        const done = () => {
          const excerpt = Buffer.concat(chunks).subarray(0, EXCERPT_BYTES).toString('utf8').slice(0, EXCERPT_CHARS);
          const ok = status >= 200 && status < 300;
          finish({ ok, status, excerpt: excerpt || null, error: ok ? null : `The receiver answered ${status}.` });
          res.destroy();
        };
        res.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          size += chunk.length;
          if (size >= EXCERPT_BYTES) done();
        });
        res.on('end', done);
        res.on('error', done);
        res.on('close', done);
      },
    );
    const timer = setTimeout(() => {
      finish({ ok: false, status: null, excerpt: null, error: `No answer within ${timeoutMs} ms.` });
      req.destroy();
    }, timeoutMs);
    req.on('error', (error: NodeJS.ErrnoException) => {
      finish({ ok: false, status: null, excerpt: null, error: `Request failed: ${error.code ?? error.message}.` });
    });
    req.end(body);
  });
}
