import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
import { findFreePort } from '../services/ports';

/** What a drill needs of a received mail. */
export interface ReceivedMail {
  messageId: string;
  to: string;
  subject: string;
  text: string;
  receivedAt: number;
}

export interface DrillSmtpServer {
  url: string;
  mails: ReceivedMail[];
  /** Messages accepted (also when not kept). */
  received(): number;
  /** Messages refused while down. */
  refused(): number;
  /** While down, every message is refused with 451 (try again later), as a broken relay would. */
  setDown(down: boolean): void;
  /** Wakes when a mail arrives (or after `ms`). */
  nextMail(ms: number): Promise<void>;
  stop(): Promise<void>;
}

/** A real SMTP server in the drill's own process: the product's mails travel over TCP and are parsed. */
export async function startDrillSmtpServer(options: { keep?: boolean } = {}): Promise<DrillSmtpServer> {
  const keep = options.keep ?? true;
  const mails: ReceivedMail[] = [];
  const waiters = new Set<() => void>();
  let down = false;
  let refused = 0;
  let received = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    size: 10 * 1024 * 1024,
    onData(stream, _session, callback) {
      if (down) {
        refused += 1;
        stream.resume();
        stream.on('end', () =>
          callback(Object.assign(new Error('451 relay unavailable, try again later'), { responseCode: 451 })),
        );
        return;
      }
      if (!keep) {
        stream.resume();
        stream.on('end', () => {
          received += 1;
          callback();
        });
        return;
      }
      simpleParser(stream)
        .then((mail) => {
          const to = [mail.to ?? []]
            .flat()
            .flatMap((a) => a.value.map((v) => v.address ?? ''))
            .join(',');
          received += 1;
          mails.push({
            messageId: mail.messageId ?? '',
            to,
            subject: mail.subject ?? '',
            text: mail.text ?? '',
            receivedAt: Date.now(),
          });
          for (const wake of [...waiters]) wake();
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  // A sender killed mid-conversation (the kill-worker drill) resets its connection: that is the drill, not an error.
  server.on('error', () => undefined);
  const port = await findFreePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    refused: () => refused,
    received: () => received,
    setDown(value) {
      down = value;
    },
    nextMail(ms) {
      return new Promise<void>((resolve) => {
        const wake = (): void => {
          waiters.delete(wake);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(wake, ms);
        waiters.add(wake);
      });
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
