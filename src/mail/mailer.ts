import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Transporter } from 'nodemailer';
import { MAIL_CONFIG, type MailConfig } from '../config/mail.config.js';
import type { MailMessage } from './mail-message.js';

/** A failure the SMTP server says no retry will fix: a 5xx answer to the recipient or the message. */
export function isPermanentSmtpError(error: unknown): boolean {
  const { responseCode, code } = (error ?? {}) as { responseCode?: unknown; code?: unknown };
  // Authentication and connection trouble is the operator's to fix; the message waits for it.
  return typeof responseCode === 'number' && responseCode >= 500 && responseCode < 600 && code !== 'EAUTH' && code !== 'ECONNECTION';
}

const SINGLE_LINE = /^[^\r\n\u0000]*$/;

/**
 * Sends one message: over SMTP (a pool of connections, closed on shutdown) when SMTP_URL
 * is set, else into DATA_DIR/mail as an .eml file with a one-line log, so a developer
 * sees every email without a mail server. nodemailer is loaded with the first message,
 * not at start-up.
 */
@Injectable()
export class Mailer implements OnApplicationShutdown {
  private readonly logger = new Logger('Mail');
  private transport?: Promise<Transporter>;
  private smtp?: Transporter;

  constructor(@Inject(MAIL_CONFIG) private readonly config: MailConfig) {}

  get mode(): 'smtp' | 'folder' {
    return this.config.smtpUrl ? 'smtp' : 'folder';
  }

  private transporter(): Promise<Transporter> {
    this.transport ??= import('nodemailer').then(({ default: nodemailer }) => {
      if (!this.config.smtpUrl) return nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
      return (this.smtp = nodemailer.createTransport({
        pool: true,
        url: this.config.smtpUrl,
        maxConnections: this.config.maxConnections,
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 30_000,
      }));
    });
    return this.transport;
  }

  async send(message: MailMessage): Promise<{ messageId: string | null }> {
    for (const [name, value] of Object.entries({ to: message.to, subject: message.subject, ...message.headers })) {
      if (!SINGLE_LINE.test(value)) throw new Error(`Mail header ${name} must be one line.`);
    }
    const mail = {
      from: this.config.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
      ...(message.html ? { html: message.html } : {}),
      headers: message.headers ?? {},
    };
    const transport = await this.transporter();
    if (this.mode === 'smtp') {
      const info = (await transport.sendMail(mail)) as { messageId?: string };
      return { messageId: info.messageId ?? null };
    }
    const info = (await transport.sendMail(mail)) as { messageId?: string; message: Buffer };
    await mkdir(this.config.devDir, { recursive: true });
    const file = join(this.config.devDir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}.eml`);
    await writeFile(file, info.message);
    this.logger.log(`No SMTP_URL: mail to ${message.to} "${message.subject}" written to ${file}`);
    return { messageId: info.messageId ?? null };
  }

  onApplicationShutdown(): void {
    this.smtp?.close();
  }
}
