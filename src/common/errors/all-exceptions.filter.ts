import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { GraphQLError } from 'graphql';
import { toProblem } from './problem.js';

/**
 * One global filter for both transports: REST gets problem+json, GraphQL gets a
 * GraphQLError whose extensions carry the same code (formatted in graphql-errors.ts).
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): unknown {
    const problem = toProblem(exception);
    const type = host.getType<string>();
    if (problem.status >= 500) {
      this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    }
    if (type === 'graphql') {
      const { type: _type, title: _title, detail, ...extensions } = problem;
      return new GraphQLError(detail, { extensions, originalError: exception instanceof Error ? exception : undefined });
    }
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (problem.status === 429 && typeof problem.retryAfter === 'number') {
      void reply.header('Retry-After', String(problem.retryAfter));
    }
    void reply
      .status(problem.status)
      .header('Content-Type', 'application/problem+json; charset=utf-8')
      .header('Cache-Control', 'no-store')
      .send({ ...problem, instance: request.url, requestId: String(request.id) });
    return undefined;
  }
}
