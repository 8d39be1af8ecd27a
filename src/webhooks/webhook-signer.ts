import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Signing and the secret's storage.
 *
 * Each request carries `Webhook-Timestamp: <unix seconds>` and
 * `Webhook-Signature: v1=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>`, the secret
 * being the UTF-8 bytes of the whole string shown at creation. The timestamp is inside the
 * signed text, so a receiver that refuses old timestamps also refuses replayed captures.
 */
export const SIGNATURE_VERSION = 'v1';

export function signPayload(secret: string, timestamp: number, body: string): string {
  return `${SIGNATURE_VERSION}=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** What a receiver does (the README shows the same): the header may list several signatures, space-separated. */
export function verifySignature(secret: string, timestamp: number, body: string, header: string): boolean {
  const expected = Buffer.from(signPayload(secret, timestamp, body));
  return header.split(' ').some((candidate) => {
    const given = Buffer.from(candidate);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

/** A new secret: 256 random bits, prefixed so it is recognisable in a vault or a log. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

/**
 * Secrets are stored encrypted (AES-256-GCM) with a key derived from the JWT secret by
 * HKDF: the server must recover them to sign, and a copy of the database alone does not
 * give them away. Changing JWT_SECRET makes stored secrets unreadable: deliveries then fail
 * with a message saying so, until each webhook is given a new secret (PATCH `secret`).
 */
export class SecretBox {
  private readonly key: Buffer;

  constructor(masterSecret: string) {
    this.key = Buffer.from(hkdfSync('sha256', masterSecret, 'newsroom-cms', 'webhook-secret-v1', 32));
  }

  seal(secret: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), sealed.toString('base64url')].join('.');
  }

  /** The secret, or null when it was sealed with another key (JWT_SECRET changed) or the value is damaged. */
  open(stored: string): string | null {
    const [version, iv, tag, sealed] = stored.split('.');
    if (version !== 'v1' || !iv || !tag || sealed === undefined) return null;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(sealed, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      return null;
    }
  }
}
