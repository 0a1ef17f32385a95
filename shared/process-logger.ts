import pino, { type Logger } from 'pino';
import { LOG_REDACT_PATHS } from './log-redaction';

/**
 * The logger of a long-running process of the product (the API, the worker): JSON lines on stdout, secrets
 * redacted. pino's default destination writes each line with its own synchronous write(2) while the request waits;
 * this one is asynchronous: lines logged while a write is under way are gathered and go out in the next one, and the
 * request goes on at once. Nothing is lost at an ordinary end: pino flushes the destination synchronously on the
 * process's `exit` (after a drain's process.exit, an uncaught error, the end of the event loop). A SIGKILL loses
 * what was logged since the last write completed (under a millisecond of lines); a synchronous write loses nothing
 * there, and costs every request a system call.
 */
export function createProcessLogger(level: string): Logger {
  return pino({ level, redact: LOG_REDACT_PATHS }, pino.destination({ dest: 1, sync: false }));
}
