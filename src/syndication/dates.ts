/** Date formats the syndication standards ask for. */

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');

/**
 * RFC 822 (as updated by RFC 1123, four-digit year), in UTC with a numeric zone:
 * `Sat, 07 Sep 2002 09:42:31 +0000`. RSS 2.0 pubDate and lastBuildDate.
 */
export function rfc822(date: Date): string {
  return (
    `${DAYS[date.getUTCDay()]}, ${pad(date.getUTCDate())} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()} ` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`
  );
}

/** RFC 3339 in UTC, seconds precision: `2002-09-07T09:42:31Z` (Atom, JSON Feed, W3C Datetime in sitemaps). */
export function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The HTTP-date of Last-Modified (whole seconds). */
export function httpDate(date: Date): string {
  return date.toUTCString();
}

/** Whole seconds, as HTTP dates carry them. */
export function floorToSecond(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}

/** The newest of some dates, or null for none. */
export function newest(dates: (Date | null | undefined)[]): Date | null {
  let best: Date | null = null;
  for (const d of dates) if (d && (!best || d.getTime() > best.getTime())) best = d;
  return best;
}
