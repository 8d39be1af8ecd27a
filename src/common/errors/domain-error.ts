/**
 * Errors the API answers on purpose. Each carries a stable UPPER_SNAKE code and
 * the HTTP status it maps to; the REST filter and the GraphQL formatter map them
 * once, globally, so services never know about transports.
 */
export interface FieldError {
  field: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly errors?: FieldError[],
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const badRequest = (code: string, message: string, errors?: FieldError[]) => new DomainError(code, 400, message, errors);
export const validationFailed = (errors: FieldError[]) =>
  new DomainError('VALIDATION_FAILED', 400, errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);
export const unauthorized = (message = 'A valid bearer token is required.', code = 'UNAUTHENTICATED') => new DomainError(code, 401, message);
export const forbidden = (message = 'Your role may not do this.') => new DomainError('FORBIDDEN', 403, message);
export const notFound = (what: string, key: string) => new DomainError('NOT_FOUND', 404, `${what} "${key}" was not found.`);
export const conflict = (code: string, message: string) => new DomainError(code, 409, message);
