import type { MailMessage } from '../mail/mail-message.js';

/** The plain-text emails of reader accounts. The links carry one-time tokens; the frontend POSTs them back to the API. */
export const readerEmails = {
  verify: (site: string, to: string, url: string, hours: number): MailMessage => ({
    to,
    subject: `Confirm your email address for ${site}`,
    text: `Welcome to ${site}.\n\nConfirm your email address to take part in the discussion:\n\n${url}\n\nThe link works once and for ${hours} hours. If you did not register, ignore this email.\n`,
  }),
  alreadyRegistered: (site: string, to: string, resetUrl: string | null): MailMessage => ({
    to,
    subject: `You already have an account at ${site}`,
    text:
      `Someone (probably you) tried to register this address at ${site}, but it already has an account.\n\n` +
      (resetUrl ? `Forgot your password? Reset it here:\n\n${resetUrl}\n\n` : 'Log in with your newsroom account instead.\n\n') +
      'If it was not you, ignore this email.\n',
  }),
  reset: (site: string, to: string, url: string, minutes: number): MailMessage => ({
    to,
    subject: `Reset your password for ${site}`,
    text: `To choose a new password, open:\n\n${url}\n\nThe link works once and for ${minutes} minutes. If you did not ask for it, ignore this email: your password stays as it is.\n`,
  }),
};
