import type { GraphQLFormattedError } from 'graphql';

/**
 * The last word on every GraphQL error: a stable `extensions.code`, never a stack
 * trace, and nothing from an unexpected error's message (it is logged instead).
 */
export function formatGraphqlError(formatted: GraphQLFormattedError, error?: unknown): GraphQLFormattedError {
  const { stacktrace: _stacktrace, exception: _exception, ...extensions } = (formatted.extensions ?? {}) as Record<string, unknown>;
  let code = typeof extensions.code === 'string' ? extensions.code : 'INTERNAL_ERROR';
  // Apollo re-codes every validation error GRAPHQL_VALIDATION_FAILED; a rule of ours that set its
  // own code (QUERY_TOO_DEEP, …) keeps it, so clients can tell "too big" from "malformed".
  const original = (error as { originalError?: { extensions?: Record<string, unknown> } } | undefined)?.originalError;
  if (code === 'GRAPHQL_VALIDATION_FAILED' && typeof original?.extensions?.code === 'string') code = original.extensions.code;
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
