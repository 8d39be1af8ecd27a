import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { GraphQLError } from 'graphql';
import { toProblem, type Problem } from './problem.js';

/** The problem for anything thrown, a 5xx logged with its stack (its detail says nothing of the internals). */
export function problemOf(exception: unknown, logger: Pick<Logger, 'error'>): Problem {
  const problem = toProblem(exception);
  if (problem.status >= 500) logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
  return problem;
}

/** A REST error answer: problem+json, never stored by caches, naming the request it answers. */
export function answerProblem(request: FastifyRequest, reply: FastifyReply, problem: Problem): FastifyReply {
  if (problem.status === 429 && typeof problem.retryAfter === 'number') {
    void reply.header('Retry-After', String(problem.retryAfter));
  }
  return reply
    .status(problem.status)
    .header('Content-Type', 'application/problem+json; charset=utf-8')
    .header('Cache-Control', 'no-store')
    .send({ ...problem, instance: request.url, requestId: String(request.id) });
}

/**
 * One global filter for both transports: REST gets problem+json, GraphQL gets a
 * GraphQLError whose extensions carry the same code (formatted in graphql-errors.ts).
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): unknown {
    const problem = problemOf(exception, this.logger);
    const type = host.getType<string>();
    if (type === 'graphql') {
      const { type: _type, title: _title, detail, ...extensions } = problem;
      return new GraphQLError(detail, { extensions, originalError: exception instanceof Error ? exception : undefined });
    }
    answerProblem(host.switchToHttp().getRequest<FastifyRequest>(), host.switchToHttp().getResponse<FastifyReply>(), problem);
    return undefined;
  }
}
