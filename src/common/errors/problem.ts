import { HttpException, HttpStatus } from '@nestjs/common';
import { isForeignKeyViolation, isUniqueViolation } from './db-errors.js';
import { DomainError, type FieldError } from './domain-error.js';

/** RFC 9457 problem details, as every REST error is answered. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors?: FieldError[];
  [extra: string]: unknown;
}

const CODES_BY_STATUS: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  409: 'CONFLICT',
  412: 'PRECONDITION_FAILED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  428: 'PRECONDITION_REQUIRED',
  429: 'TOO_MANY_REQUESTS',
};

function title(status: number): string {
  const name = HttpStatus[status];
  return name ? name.charAt(0) + name.slice(1).toLowerCase().replace(/_/g, ' ') : 'Error';
}

export function problemType(code: string): string {
  return `https://newsroom-cms.dev/problems/${code.toLowerCase().replace(/_/g, '-')}`;
}

/**
 * Turns anything thrown into a problem. Unknown errors become a bare 500 whose
 * detail says nothing about the internals (they are logged, with the request id).
 */
export function toProblem(error: unknown): Problem {
  if (error instanceof DomainError) {
    return {
      type: problemType(error.code),
      title: title(error.status),
      status: error.status,
      detail: error.message,
      code: error.code,
      ...(error.errors ? { errors: error.errors } : {}),
      ...(error.extra ?? {}),
    };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const code = CODES_BY_STATUS[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST');
    const response = error.getResponse();
    const detail =
      typeof response === 'string'
        ? response
        : typeof (response as { message?: unknown }).message === 'string'
          ? String((response as { message: string }).message)
          : error.message;
    return { type: problemType(code), title: title(status), status, detail, code };
  }
  // A race past a service's own check still answers as a conflict, never a 500.
  if (isUniqueViolation(error) || isForeignKeyViolation(error)) {
    const code = isUniqueViolation(error) ? 'ALREADY_EXISTS' : 'STILL_REFERENCED';
    const detail = isUniqueViolation(error)
      ? 'Something with the same unique key already exists.'
      : 'It is referenced by, or references, something that does not allow this change.';
    return { type: problemType(code), title: 'Conflict', status: 409, detail, code };
  }
  // Fastify raises its own errors (body too large, bad JSON, bad content type) with a statusCode.
  const fastifyError = error as { statusCode?: number; code?: string; message?: string };
  if (typeof fastifyError?.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    const status = fastifyError.statusCode;
    const code =
      fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
        ? 'PAYLOAD_TOO_LARGE'
        : fastifyError.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
          ? 'UNSUPPORTED_MEDIA_TYPE'
          : (CODES_BY_STATUS[status] ?? 'BAD_REQUEST');
    return { type: problemType(code), title: title(status), status, detail: fastifyError.message ?? title(status), code };
  }
  return {
    type: problemType('INTERNAL_ERROR'),
    title: 'Internal server error',
    status: 500,
    detail: 'Something went wrong on our side. It has been logged; quote the X-Request-Id header when reporting it.',
    code: 'INTERNAL_ERROR',
  };
}
