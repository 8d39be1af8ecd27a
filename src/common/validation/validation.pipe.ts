import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { validationFailed, type FieldError } from '../errors/domain-error.js';

function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = prefix ? (/^\d+$/.test(error.property) ? `${prefix}[${error.property}]` : `${prefix}.${error.property}`) : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/**
 * Most public reads come with no query string at all; whether an empty query is valid for a
 * DTO never changes, so it is decided once per DTO and the result copied, not re-validated.
 */
class InputValidationPipe extends ValidationPipe {
  private readonly emptyQuery = new Map<unknown, object>();

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'query' || !metadata.metatype || !isEmptyObject(value)) return super.transform(value, metadata);
    let known = this.emptyQuery.get(metadata.metatype);
    if (!known) {
      known = (await super.transform(value, metadata)) as object;
      this.emptyQuery.set(metadata.metatype, known);
    }
    return Object.assign(Object.create(Object.getPrototypeOf(known) as object | null) as object, known);
  }
}

const isEmptyObject = (value: unknown): boolean => {
  if (typeof value !== 'object' || value === null) return false;
  for (const _ in value) return false;
  return true;
};

/** Unknown fields are rejected, values are converted to the declared types, every failure names its field. */
export function createValidationPipe(): ValidationPipe {
  return new InputValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => validationFailed(flatten(errors)),
  });
}
