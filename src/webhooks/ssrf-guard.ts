import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP, isIPv4, type LookupFunction } from 'node:net';
import { DomainError } from '../common/errors/domain-error.js';
import { normalizeHost } from '../config/webhooks.config.js';

/**
 * Keeps webhooks from being aimed at the inside of the network (SSRF): a target URL must
 * be http(s) without credentials, and every address its host is or resolves to must be
 * public, unless the host is on WEBHOOK_ALLOWED_HOSTS. The request then connects to the
 * very address that was checked (`pinnedLookup`), so a DNS answer that changes between the
 * check and the connection (rebinding) cannot redirect it.
 */

/** Ranges no webhook may reach: [address, prefix length]. */
const FORBIDDEN_V4: [string, number][] = [
  ['0.0.0.0', 8], // "this network", unspecified
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local (cloud metadata at 169.254.169.254)
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relay anycast
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, and the broadcast address
];

const FORBIDDEN_V6: [string, number][] = [
  ['::', 96], // unspecified, loopback and the deprecated IPv4-compatible addresses
  ['100::', 64], // discard
  ['2001::', 32], // Teredo (hides an IPv4 address)
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique local (private)
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
];

/** IPv6 ranges that carry an IPv4 address, judged by that address: [prefix, prefix length, byte offset of the IPv4 address]. */
const EMBEDDING_V4: [string, number, number][] = [
  ['::ffff:0:0', 96, 12], // IPv4-mapped
  ['64:ff9b::', 96, 12], // NAT64
  ['2002::', 16, 2], // 6to4
];

function v4Bytes(address: string): number[] {
  return address.split('.').map(Number);
}

/** The 16 bytes of an IPv6 address (with `::`, an IPv4 tail or a zone). */
function v6Bytes(address: string): number[] {
  const [head] = address.split('%');
  let text = head;
  const tail: number[] = [];
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.', lastColon)) {
    tail.push(...v4Bytes(text.slice(lastColon + 1)));
    text = text.slice(0, lastColon + 1) + '0:0';
  }
  const [left, right] = text.includes('::') ? text.split('::') : [text, undefined];
  const groups = (part: string | undefined) => (part ? part.split(':').filter((g) => g.length > 0) : []);
  const l = groups(left);
  const r = groups(right);
  const words = right === undefined ? l : [...l, ...Array<string>(8 - l.length - r.length).fill('0'), ...r];
  const bytes = words.flatMap((word) => {
    const value = parseInt(word, 16);
    return [value >> 8, value & 0xff];
  });
  if (tail.length) bytes.splice(12, 4, ...tail);
  return bytes;
}

function inRange(bytes: number[], base: number[], prefix: number): boolean {
  for (let bit = 0; bit < prefix; bit += 8) {
    const take = Math.min(8, prefix - bit);
    const mask = (0xff << (8 - take)) & 0xff;
    if ((bytes[bit / 8] & mask) !== (base[bit / 8] & mask)) return false;
  }
  return true;
}

/** Whether an IP address is loopback, private, link-local, unspecified, CGNAT, multicast, reserved, or one of those inside IPv6. */
export function isForbiddenAddress(address: string): boolean {
  if (isIPv4(address)) {
    const bytes = v4Bytes(address);
    return FORBIDDEN_V4.some(([base, prefix]) => inRange(bytes, v4Bytes(base), prefix));
  }
  if (isIP(address.split('%')[0]) !== 6) return true; // not an address at all: nothing to allow
  const bytes = v6Bytes(address);
  for (const [base, prefix, offset] of EMBEDDING_V4) {
    if (inRange(bytes, v6Bytes(base), prefix)) return isForbiddenAddress(bytes.slice(offset, offset + 4).join('.'));
  }
  return FORBIDDEN_V6.some(([base, prefix]) => inRange(bytes, v6Bytes(base), prefix));
}

/** Where a webhook request goes: the URL, and the address its host was checked at. */
export interface WebhookTarget {
  url: URL;
  address: string;
  family: 4 | 6;
}

export type Resolver = (host: string) => Promise<{ address: string; family: number }[]>;

const systemResolver: Resolver = (host) => dnsLookup(host, { all: true, verbatim: true });

const urlError = (code: string, message: string) => new DomainError(code, 400, message, [{ field: 'url', message }]);

/** The URL's shape alone: absolute http(s), a host, no user or password, not too long. */
export function parseWebhookUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw urlError('INVALID_WEBHOOK_URL', 'url must be an absolute http:// or https:// URL.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw urlError('INVALID_WEBHOOK_URL', 'url must use http or https.');
  if (url.username || url.password)
    throw urlError('INVALID_WEBHOOK_URL', 'url must not carry a user name or password; sign requests with the secret instead.');
  if (!url.hostname) throw urlError('INVALID_WEBHOOK_URL', 'url must name a host.');
  return url;
}

/**
 * Checks a webhook URL and resolves its host: `WEBHOOK_URL_FORBIDDEN` when the host is or
 * resolves to an address webhooks may not reach (any one of its addresses is enough),
 * `WEBHOOK_URL_UNRESOLVABLE` when it does not resolve. Hosts on the allow-list skip the
 * address check (they are still resolved, and pinned).
 */
export async function resolveWebhookTarget(
  raw: string,
  allowedHosts: readonly string[],
  resolver: Resolver = systemResolver,
): Promise<WebhookTarget> {
  const url = parseWebhookUrl(raw);
  const host = normalizeHost(url.hostname);
  const allowed = allowedHosts.includes(host);
  let addresses: { address: string; family: number }[];
  if (isIP(host)) {
    addresses = [{ address: host, family: isIP(host) }];
  } else {
    try {
      addresses = await resolver(host);
    } catch {
      addresses = [];
    }
    if (addresses.length === 0) throw urlError('WEBHOOK_URL_UNRESOLVABLE', `The host "${host}" of url does not resolve.`);
  }
  if (!allowed) {
    const forbidden = addresses.find((entry) => isForbiddenAddress(entry.address));
    if (forbidden) {
      const seen = forbidden.address === host ? '' : ` (it resolves to ${forbidden.address})`;
      throw urlError(
        'WEBHOOK_URL_FORBIDDEN',
        `url targets "${host}"${seen}, a loopback, private, link-local or otherwise internal address; webhooks may only reach public hosts unless WEBHOOK_ALLOWED_HOSTS names this one.`,
      );
    }
  }
  return { url, address: addresses[0].address, family: addresses[0].family === 6 ? 6 : 4 };
}

/** A `lookup` for node:http(s) that answers with the checked address, whatever the host name is. */
export function pinnedLookup(target: Pick<WebhookTarget, 'address' | 'family'>): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [target]);
    else callback(null, target.address, target.family);
  };
}
