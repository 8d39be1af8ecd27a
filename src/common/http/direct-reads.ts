import { Logger } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { answerProblem, problemOf } from '../errors/all-exceptions.filter.js';

/**
 * A public GET that anonymous readers get answered by its controller's handler straight from a Fastify
 * preHandler on its own route, without Nest's per-request pipeline (execution context, guards, RxJS
 * interceptors, pipes, parameter factories). On the hottest read, one article, that pipeline was a sixth
 * of the CPU an answer cost (the README's "Benchmark").
 *
 * What a reader gets is what Nest answers, because the same things still happen: the request is counted
 * against the reads limit by the same guard's code, the arguments are the ones the route's pipes would
 * give, the handler is the controller's own method, errors become the global filter's problem+json, and
 * Fastify's hooks (security headers, CORS, response cache, ETag, metrics, logs) run as for any route.
 * The global guards and interceptors skipped have nothing to do here: an anonymous read needs no role and
 * writes no audit entry. `read` leaves anything else to Nest: a credential (the auth guard resolves it),
 * and any query it does not know.
 */
export interface DirectRead<Args> {
  /** The route's path under the global prefix, as its controller declares it: `articles/:idOrSlug`. */
  readonly path: string;
  /**
   * The handler's arguments from the request, as the route's pipes would give them, without counting or
   * changing anything; null, or a throw (what a pipe refuses), leaves the request to Nest, which answers it.
   */
  read(request: FastifyRequest): Args | null;
  /** The handler's answer (Fastify serializes it, as Nest's adapter does). */
  answer(args: Args, reply: FastifyReply): Promise<unknown>;
}

export interface DirectReadDeps {
  /** The reads rate limit as the global guard applies it (throws a 429 problem past it). */
  checkLimit(request: FastifyRequest, reply: FastifyReply): Promise<void>;
  /** Counts a request answered on the direct path, error or not (the `http_direct_answers_total` metric). */
  answered(route: string): void;
}

/**
 * Puts each read's preHandler on its route as Nest registers it. Call before the app's routes are
 * registered (before `app.init()`): Fastify tells `onRoute` hooks only of routes added after them.
 */
export function registerDirectReads(fastify: FastifyInstance, prefix: string, reads: readonly DirectRead<unknown>[], deps: DirectReadDeps): void {
  const logger = new Logger('Errors');
  const byUrl = new Map(reads.map((read) => [`/${prefix}/${read.path}`, read]));
  const placed = new Set<string>();
  fastify.addHook('onRoute', (route) => {
    const read = route.method === 'GET' ? byUrl.get(route.url) : undefined;
    if (!read) return;
    placed.add(route.url);
    const direct: preHandlerAsyncHookHandler = async (request, reply) => {
      // HEAD shares this route's hooks; it and credentialed requests go through Nest.
      if (request.method !== 'GET' || request.headers.authorization !== undefined) return;
      // Read before the limit is counted, so a request handed to Nest is counted once, by Nest's guard
      // (which runs before the pipes: a client past its limit gets its 429 before any 400).
      let args: unknown;
      try {
        args = read.read(request);
      } catch {
        return;
      }
      if (args === null) return;
      deps.answered(route.url);
      try {
        await deps.checkLimit(request, reply);
        request.actor = null;
        return reply.send(await read.answer(args, reply));
      } catch (error) {
        return answerProblem(request, reply, problemOf(error, logger));
      }
    };
    const given = route.preHandler;
    route.preHandler = given === undefined ? direct : [...(Array.isArray(given) ? given : [given]), direct];
  });
  // A route renamed or moved would otherwise quietly lose its direct path.
  fastify.addHook('onReady', (done) => {
    const missing = [...byUrl.keys()].filter((url) => !placed.has(url));
    done(missing.length > 0 ? new Error(`Direct reads for routes that do not exist: GET ${missing.join(', GET ')}`) : undefined);
  });
}
