import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';

/**
 * The SMTP transport for SMTP_URL, with timeouts short enough that a hanging relay fails the attempt (the row
 * stays pending and the dispatcher retries) well within the notify activity's one-minute timeout.
 */
export function createMailTransport(smtpUrl: string): Transporter<SMTPTransport.SentMessageInfo> {
  const options: SMTPTransport.Options & { url: string } = {
    url: smtpUrl,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  };
  return nodemailer.createTransport(options);
}
