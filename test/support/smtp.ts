import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import { findFreePort } from '../../scripts/services/ports';

export interface TestSmtpServer {
  url: string;
  port: number;
  messages: ParsedMail[];
  /** Waits until a received message matches, returning it. */
  waitFor(predicate: (mail: ParsedMail) => boolean, timeoutMs?: number): Promise<ParsedMail>;
  /** While down, every message is refused with a temporary (4xx) error, as a busy or broken relay would. */
  setDown(down: boolean): void;
  /** Holds every message this long before accepting it, as a slow relay does. */
  setDelay(ms: number): void;
  /** How many message transfers have begun (also those still being held). */
  transfersStarted(): number;
  stop(): Promise<void>;
}

/** A real SMTP server in the test process: mail travels over TCP and is parsed as a mail client would. */
export async function startTestSmtpServer(): Promise<TestSmtpServer> {
  const messages: ParsedMail[] = [];
  const waiters = new Set<() => void>();
  let down = false;
  let delayMs = 0;
  let transfers = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      transfers += 1;
      if (down) {
        stream.resume();
        stream.on('end', () =>
          callback(Object.assign(new Error('451 try again later'), { responseCode: 451 })),
        );
        return;
      }
      simpleParser(stream)
        .then(async (mail) => {
          if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
          messages.push(mail);
          for (const wake of waiters) wake();
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  const port = await findFreePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    setDown(value) {
      down = value;
    },
    setDelay(ms) {
      delayMs = ms;
    },
    transfersStarted: () => transfers,
    async waitFor(predicate, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = messages.find(predicate);
        if (found) return found;
        const remaining = deadline - Date.now();
        if (remaining <= 0)
          throw new Error(`no matching mail within ${timeoutMs} ms (${messages.length} received)`);
        await new Promise<void>((resolve) => {
          const wake = (): void => {
            waiters.delete(wake);
            clearTimeout(timer);
            resolve();
          };
          const timer = setTimeout(wake, Math.min(remaining, 250));
          waiters.add(wake);
        });
      }
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
