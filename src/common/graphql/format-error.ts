import { HttpException } from '@nestjs/common';
import type { GraphQLFormattedError } from 'graphql';
import { DomainError } from '../errors/domain-error.js';
import { toProblem } from '../errors/problem.js';

/**
 * The last word on every GraphQL error: a stable `extensions.code`, never a stack
 * trace, and nothing from an unexpected error's message (it is logged instead).
 */
export function formatGraphqlError(formatted: GraphQLFormattedError, error?: unknown): GraphQLFormattedError {
  const { stacktrace: _stacktrace, exception: _exception, ...extensions } = (formatted.extensions ?? {}) as Record<string, unknown>;
  let code = typeof extensions.code === 'string' ? extensions.code : 'INTERNAL_ERROR';
  // Apollo re-codes every validation error GRAPHQL_VALIDATION_FAILED; a rule of ours that set its
  // own code (QUERY_TOO_DEEP, …) keeps it, so clients can tell "too big" from "malformed".
  const original = (error as { originalError?: unknown } | undefined)?.originalError;
  if (code === 'GRAPHQL_VALIDATION_FAILED') {
    const originalCode = (original as { extensions?: Record<string, unknown> } | undefined)?.extensions?.code;
    if (typeof originalCode === 'string') code = originalCode;
  }
  // Errors thrown in field resolvers (Section.articles…) skip the exception filter: map them the same way here.
  if (original instanceof DomainError || original instanceof HttpException) {
    const { type: _type, title: _title, detail, ...problem } = toProblem(original);
    if (problem.status < 500) return { ...formatted, message: detail, extensions: { ...extensions, ...problem } };
  }
  if (code === 'INTERNAL_SERVER_ERROR' || code === 'INTERNAL_ERROR') {
    return {
      message: 'Something went wrong on our side. It has been logged.',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: 'INTERNAL_ERROR' },
    };
  }
  return { ...formatted, extensions: { ...extensions, code } };
}
