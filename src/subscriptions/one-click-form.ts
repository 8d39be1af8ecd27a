import type { FastifyInstance, FastifyRequest } from 'fastify';
import { badRequest, DomainError } from '../common/errors/domain-error.js';

const UNSUBSCRIBE_PATH = /^\/api\/v1\/subscriptions\/unsubscribe\/?$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * RFC 8058 one-click unsubscribe: a mail client POSTs `List-Unsubscribe=One-Click` as
 * application/x-www-form-urlencoded to the URL of the List-Unsubscribe header, which
 * carries the token in its query. This parser accepts that form on the unsubscribe route
 * only (everywhere else it stays a 415) and turns it into the `{ token }` body the JSON
 * form sends, so one input class validates both.
 */
export function registerOneClickUnsubscribeParser(app: FastifyInstance): void {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'buffer' }, (request: FastifyRequest, body: Buffer, done) => {
    const path = request.url.split('?')[0];
    if (!UNSUBSCRIBE_PATH.test(path)) {
      return done(new DomainError('UNSUPPORTED_MEDIA_TYPE', 415, 'Send the body as application/json.'), undefined);
    }
    let text: string;
    try {
      text = utf8.decode(body);
    } catch {
      return done(badRequest('INVALID_UTF8', 'The request body is not valid UTF-8.'), undefined);
    }
    const form = Object.fromEntries(new URLSearchParams(text));
    const { 'List-Unsubscribe': oneClick, token, ...rest } = form;
    if (oneClick !== undefined && oneClick !== 'One-Click') {
      return done(badRequest('VALIDATION_FAILED', 'List-Unsubscribe must be "One-Click".'), undefined);
    }
    const query = request.query as Record<string, unknown> | undefined;
    const fromQuery = typeof query?.token === 'string' ? query.token : undefined;
    // Unknown fields go on to validation, which rejects them by name.
    done(null, { ...rest, ...((token ?? fromQuery) !== undefined ? { token: token ?? fromQuery } : {}) });
  });
}
