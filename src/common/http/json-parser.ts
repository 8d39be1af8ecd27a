import type { FastifyInstance } from 'fastify';
import { badRequest } from '../errors/domain-error.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** JSON bodies: invalid UTF-8 and malformed JSON are a clear 400, not a replacement character or a 500. */
export function registerJsonParser(app: FastifyInstance): void {
  // Only JSON is parsed (multipart uploads register their own parser); anything else is a 415.
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser(/^application\/([\w.+-]+\+)?json$/, { parseAs: 'buffer' }, (_request, body: Buffer, done) => {
    if (body.length === 0) return done(null, undefined);
    let text: string;
    try {
      text = utf8.decode(body);
    } catch {
      return done(badRequest('INVALID_UTF8', 'The request body is not valid UTF-8.'), undefined);
    }
    try {
      done(null, JSON.parse(text));
    } catch (error) {
      done(badRequest('INVALID_JSON', `The request body is not valid JSON: ${(error as Error).message}`), undefined);
    }
  });
}
