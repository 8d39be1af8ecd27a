import { Injectable, type PipeTransform } from '@nestjs/common';
import { badRequest } from '../errors/domain-error.js';
import { SLUG_PATTERN, UUID_PATTERN } from './decorators.js';

/** `:id` route parameters: a UUID, or a 400 that says so. */
@Injectable()
export class ParseIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!UUID_PATTERN.test(value)) throw badRequest('INVALID_ID', `"${value.slice(0, 80)}" is not an id (a UUID).`);
    return value.toLowerCase();
  }
}

/** `:idOrSlug` route parameters: a UUID or a well-formed slug. */
@Injectable()
export class ParseIdOrSlugPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (UUID_PATTERN.test(value)) return value.toLowerCase();
    if (value.length <= 160 && SLUG_PATTERN.test(value)) return value;
    throw badRequest('INVALID_SLUG', `"${value.slice(0, 80)}" is neither an id nor a slug (lowercase letters, digits, hyphens).`);
  }
}
