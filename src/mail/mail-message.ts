import type { JobInput } from '../outbox/outbox.service.js';

/** The outbox consumer that sends email, and its one job type. */
export const MAIL_CONSUMER = 'mail';
export const MAIL_SEND = 'mail.send';

/** A fully rendered message, as features enqueue it; the mail consumer only sends it. */
export interface MailMessage {
  /** One address. */
  to: string;
  subject: string;
  /** The plain-text part (always). */
  text: string;
  html?: string;
  /** Extra headers (List-Unsubscribe…), single-line values. */
  headers?: Record<string, string>;
  /**
   * What the message is about, for suppress checks registered by the feature that sent it
   * (a reader who unsubscribed while the message waited gets nothing). Not sent.
   */
  about?: { kind: string; id: string };
}

/** What is left of a job's payload once the message went out: no body, no links with tokens. */
export interface SentMailRecord {
  sent: true;
  to: string;
  subject: string;
  messageId: string | null;
  sentAt: string;
}

/** The outbox job that sends `message`; a `dedupeKey` makes it once-only (e.g. one article per subscriber). */
export function mailJob(message: MailMessage, dedupeKey?: string): JobInput<MailMessage> {
  return { consumer: MAIL_CONSUMER, type: MAIL_SEND, payload: message, ...(dedupeKey ? { dedupeKey } : {}) };
}
