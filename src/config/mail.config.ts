import { join, resolve } from 'node:path';
import { EnvReader } from './env.js';

export const MAIL_CONFIG = Symbol('MAIL_CONFIG');

/** Outgoing email: SMTP when SMTP_URL is set, else messages are written to DATA_DIR/mail and logged. */
export interface MailConfig {
  /** smtp://[user:pass@]host:port or smtps://…; unset: no SMTP, the dev folder instead. */
  smtpUrl?: string;
  /** The From header: an address, or `Name <address>`. */
  from: string;
  /** Where messages go without SMTP_URL (one .eml file each). */
  devDir: string;
  /** Attempts before a message is given up (dead, replayable); with the backoff below about four hours of outage. */
  maxAttempts: number;
  /** First retry delay; it doubles per attempt up to 15 minutes. */
  retryBaseMs: number;
  /** SMTP connections kept open at once. */
  maxConnections: number;
}

const ADDRESS = /^[^\s@<>()",;:\\[\]]+@[^\s@<>()",;:\\[\]]+\.[^\s@<>()",;:\\[\]]+$/;
/** `address` or `Display Name <address>`, one line. */
export function isMailFrom(value: string): boolean {
  if (/[\r\n\u0000-\u001f\u007f]/.test(value)) return false;
  const named = /^([^<>]*)<([^<>]+)>$/.exec(value.trim());
  return named ? ADDRESS.test(named[2].trim()) : ADDRESS.test(value.trim());
}

export function readMailConfig(env: NodeJS.ProcessEnv = process.env): MailConfig {
  const r = new EnvReader(env);
  const dataDir = resolve(r.string('DATA_DIR', './data'));
  let host = 'localhost';
  try {
    host = new URL(r.string('PUBLIC_BASE_URL', 'http://localhost')).hostname || host;
  } catch {
    // PUBLIC_BASE_URL is checked (and reported) by the app config.
  }
  const siteName = r.string('SITE_NAME', 'Sputnik International');
  const config: MailConfig = {
    smtpUrl: r.url('SMTP_URL', undefined, ['smtp:', 'smtps:']),
    from: r.string('MAIL_FROM', `"${siteName.replace(/["\\\r\n]/g, '')}" <no-reply@${host.includes('.') ? host : `${host}.localdomain`}>`),
    devDir: join(dataDir, 'mail'),
    maxAttempts: r.int('MAIL_MAX_ATTEMPTS', 25, 1, 1000),
    retryBaseMs: r.int('MAIL_RETRY_BASE_MS', 2000, 1, 3_600_000),
    maxConnections: r.int('SMTP_MAX_CONNECTIONS', 5, 1, 100),
  };
  if (!isMailFrom(config.from)) {
    r.problems.push(`MAIL_FROM="${config.from}" must be an email address or "Name <address>" on one line.`);
  }
  r.done();
  return config;
}
