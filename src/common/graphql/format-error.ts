import type { GraphQLFormattedError } from 'graphql';

/**
 * The last word on every GraphQL error: a stable `extensions.code`, never a stack
 * trace, and nothing from an unexpected error's message (it is logged instead).
 */
export function formatGraphqlError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const { stacktrace: _stacktrace, exception: _exception, ...extensions } = (formatted.extensions ?? {}) as Record<string, unknown>;
  const code = typeof extensions.code === 'string' ? extensions.code : 'INTERNAL_ERROR';
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
