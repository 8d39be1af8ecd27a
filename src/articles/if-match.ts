import { badRequest } from '../common/errors/domain-error.js';

/**
 * The version an If-Match header names: `"<version>"` or the article's ETag
 * (`"<version>-<hash>"`), weak or strong. Absent → undefined.
 */
export function versionFromIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const match = /^\s*(?:W\/)?"(\d{1,9})(?:-[A-Za-z0-9_-]+)?"\s*$/.exec(header);
  if (!match) throw badRequest('INVALID_IF_MATCH', 'If-Match must be "<version>" or the ETag of the article (one value).');
  return Number(match[1]);
}

/** How every article write documents the header in OpenAPI. */
export const IF_MATCH = {
  name: 'If-Match',
  required: false,
  description: '"<version>" or the article\'s ETag: the version this change is based on.',
};
