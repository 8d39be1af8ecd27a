import { Global, Module } from '@nestjs/common';
import { MailOutbox } from './mail-outbox.js';
import { Mailer } from './mailer.js';

/**
 * Outgoing email for every feature. Features render their message and enqueue it with
 * `mailJob()` in their own transaction (src/mail/mail-message.ts); the `mail` outbox
 * consumer sends it. Global, so a feature can register suppress checks on MailOutbox.
 */
@Global()
@Module({
  providers: [Mailer, MailOutbox],
  exports: [Mailer, MailOutbox],
})
export class MailModule {}
