import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { MAIL_CONFIG, type MailConfig } from '../config/mail.config.js';
import { Transactions } from '../database/transactions.js';
import { OutboxJobEntity } from '../outbox/outbox-job.entity.js';
import { Outbox, PermanentFailure, type OutboxJob } from '../outbox/outbox.service.js';
import { MAIL_CONSUMER, type MailMessage, type SentMailRecord } from './mail-message.js';
import { isPermanentSmtpError, Mailer } from './mailer.js';

type SuppressCheck = (id: string) => Promise<boolean>;

/**
 * The outbox consumer `mail`: sends the rendered message of each `mail.send` job, retried
 * with exponential backoff while the SMTP server is away (a 5xx refusal of the recipient
 * or message ends it at once). Once sent, the job keeps only who, what and when: the
 * body and its links (which carry tokens) are not left in the database.
 */
@Injectable()
export class MailOutbox implements OnModuleInit {
  private readonly logger = new Logger('Mail');
  private readonly suppressors = new Map<string, SuppressCheck>();

  constructor(
    private readonly outbox: Outbox,
    private readonly mailer: Mailer,
    private readonly transactions: Transactions,
    @Inject(MAIL_CONFIG) private readonly config: MailConfig,
  ) {}

  onModuleInit(): void {
    const { retryBaseMs, maxAttempts } = this.config;
    this.outbox.register(MAIL_CONSUMER, (job: OutboxJob<MailMessage | SentMailRecord>) => this.deliver(job), {
      maxAttempts,
      // Doubling up to 15 minutes, ±20 % jitter so a recovered server is not hit by every message at once.
      backoffMs: (attempt) => Math.round(Math.min(retryBaseMs * 2 ** (attempt - 1), 900_000) * (0.8 + Math.random() * 0.4)),
    });
  }

  /** Messages `about` something of this kind are dropped when `check(id)` says so at sending time. */
  suppressWhen(kind: string, check: SuppressCheck): void {
    this.suppressors.set(kind, check);
  }

  private async deliver(job: OutboxJob<MailMessage | SentMailRecord>): Promise<void> {
    const payload = job.payload;
    // Sent already (the job's own completion was lost): never twice.
    if ('sent' in payload) return;
    const check = payload.about && this.suppressors.get(payload.about.kind);
    if (check && (await check(payload.about!.id))) {
      this.logger.log(`Mail to ${payload.to} "${payload.subject}" dropped: ${payload.about!.kind} ${payload.about!.id} no longer wants it.`);
      await this.redact(job.id, payload, null, 'suppressed');
      return;
    }
    let messageId: string | null;
    try {
      ({ messageId } = await this.mailer.send(payload));
    } catch (error) {
      if (isPermanentSmtpError(error))
        throw new PermanentFailure(`The mail server refused the message to ${payload.to}: ${(error as Error).message}`);
      throw error;
    }
    await this.redact(job.id, payload, messageId, 'sent');
  }

  private redact(id: string, message: MailMessage, messageId: string | null, outcome: 'sent' | 'suppressed'): Promise<unknown> {
    const record: SentMailRecord & { outcome: string } = {
      sent: true,
      to: message.to,
      subject: message.subject,
      messageId,
      sentAt: new Date().toISOString(),
      outcome,
    };
    return this.transactions.run((m) => m.createQueryBuilder().update(OutboxJobEntity).set({ payload: record }).where('id = :id', { id }).execute());
  }
}
