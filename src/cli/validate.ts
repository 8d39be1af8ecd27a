import { plainToInstance } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import type { FieldError } from '../common/errors/domain-error.js';

/**
 * Validates plain input with the API's own input class and rules (unknown fields
 * rejected, as the global ValidationPipe does). Returns the instance or the failing fields.
 */
export async function validateInput<T extends object>(
  type: new () => T,
  plain: unknown,
): Promise<{ value: T; errors?: undefined } | { value?: undefined; errors: FieldError[] }> {
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) return { errors: [{ field: '(root)', message: 'must be a JSON object' }] };
  const value = plainToInstance(type, plain);
  const errors = await validate(value, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
  return errors.length ? { errors: flatten(errors) } : { value };
}

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? (/^\d+$/.test(error.property) ? `${parent}[${error.property}]` : `${parent}.${error.property}`) : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

export const formatFieldErrors = (errors: FieldError[]): string => errors.map((e) => `${e.field}: ${e.message}`).join('; ');
