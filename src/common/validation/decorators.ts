import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsEmail, Matches, MaxLength, MinLength, IsString, IsUUID, ValidateBy, buildMessage, type ValidationOptions } from 'class-validator';

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const LOCALE_PATTERN = /^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/;
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// C0 and C1 control characters (tabs and newlines included) and the Unicode line separators.
const SINGLE_LINE = /^[^\u0000-\u001f\u007f-\u009f\u2028\u2029]*$/;
// Multi-line text may hold newlines and tabs, nothing else from the control ranges.
const MULTI_LINE = /^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$/;

export const IsSlug = () =>
  applyDecorators(
    IsString(),
    MaxLength(160),
    Matches(SLUG_PATTERN, { message: '$property must be lowercase letters, digits and single hyphens (e.g. "world-news")' }),
  );

/** The longest locale tag kept (the `locale` columns are varchar(35)). */
const LOCALE_MAX_LENGTH = 35;

/** What @IsLocale() accepts, as a predicate for a value read outside class-validator (a direct read's query, a ninjs item). */
export const isLocaleTag = (value: unknown): value is string =>
  typeof value === 'string' && value.length <= LOCALE_MAX_LENGTH && LOCALE_PATTERN.test(value);

export const IsLocale = () =>
  applyDecorators(
    IsString(),
    MaxLength(LOCALE_MAX_LENGTH),
    Matches(LOCALE_PATTERN, { message: '$property must be a BCP 47 language tag such as "en" or "pt-BR"' }),
  );

/** An email address as accounts take it (RFC 5321's 254-character limit). */
export const IsEmailAddress = () => applyDecorators(IsEmail({}, { message: 'email must be an email address' }), MaxLength(254));

/** A password being set: 8 to 200 characters. */
export const IsNewPassword = () => applyDecorators(IsString(), MinLength(8), MaxLength(200));

/** Text that is valid Unicode: a lone surrogate would be served as U+FFFD, silently changing what was written. */
const IsWellFormed = (options: ValidationOptions = {}) =>
  ValidateBy(
    {
      name: 'isWellFormedUnicode',
      validator: {
        validate: (value) => typeof value !== 'string' || value.isWellFormed(),
        defaultMessage: buildMessage((prefix) => `${prefix}$property must be valid Unicode (it contains a lone surrogate)`),
      },
    },
    options,
  );

/** Headlines, names, slugs: one line of text with no control characters. */
export const IsSingleLine = (max: number, min = 1) =>
  applyDecorators(
    IsString(),
    IsWellFormed(),
    MinLength(min),
    MaxLength(max),
    Matches(SINGLE_LINE, { message: '$property must be a single line without control characters' }),
  );

export const IsText = (max: number, options: ValidationOptions = {}) =>
  applyDecorators(
    IsString(options),
    IsWellFormed(options),
    MaxLength(max, options),
    Matches(MULTI_LINE, { ...options, message: '$property must not contain control characters' }),
  );

/** A slug or a UUID, as relations are referenced in input. */
export const IsSlugOrId = (options: ValidationOptions = {}) =>
  applyDecorators(
    IsString(options),
    MaxLength(160, options),
    Matches(new RegExp(`^(?:${SLUG_PATTERN.source.slice(1, -1)}|${UUID_PATTERN.source.slice(1, -1)})$`, 'i'), {
      ...options,
      message: '$property must be a slug or an id',
    }),
  );

/** An id (UUID), stored lower-case whatever case it was written in. */
export const IsId = () =>
  applyDecorators(
    Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.toLowerCase() : value)),
    IsUUID('all', { message: '$property must be an id (UUID)' }),
  );

// ISO 8601 date-time with seconds optional, fraction optional, and an explicit offset (Z or ±hh:mm).
const DATE_TIME_WITH_OFFSET = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

/**
 * A real moment: the pattern, and every component in range. JavaScript's own
 * parser rolls 31 February over into March; a newsroom's embargo must not move.
 */
export function isValidDateTime(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = DATE_TIME_WITH_OFFSET.exec(value);
  if (!m) return false;
  const [year, month, day, hour, minute, second = 0, offsetHour = 0, offsetMinute = 0] = m
    .slice(1)
    .map((part) => (part === undefined ? undefined : Number(part))) as number[];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const fieldsValid =
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59 &&
    offsetHour <= 14 &&
    offsetMinute <= 59;
  // The moment itself (offset applied) must fall in years 0001–9999 UTC: "9999-12-31T23:59-05:00" is in year 10000,
  // which SQLite's text dates would wrap round to year 0 — an embargo "for ever" that ends at once.
  const moment = Date.parse(value);
  return fieldsValid && moment >= EARLIEST_MOMENT && moment <= LATEST_MOMENT;
}

const EARLIEST_MOMENT = Date.parse('0001-01-01T00:00:00.000Z');
const LATEST_MOMENT = Date.parse('9999-12-31T23:59:59.999Z');

/** A moment in time: ISO 8601 with an offset; a time without one is ambiguous and rejected. */
export const IsDateTimeWithOffset = () =>
  ValidateBy({
    name: 'isDateTimeWithOffset',
    validator: {
      validate: (value) => isValidDateTime(value),
      defaultMessage: buildMessage((prefix) => `${prefix}$property must be a real ISO 8601 date-time with an offset, e.g. 2026-11-28T09:30:00+03:00`),
    },
  });
