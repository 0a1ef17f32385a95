import { Runtime, type LogLevel, type LogMetadata } from '@temporalio/worker';
import type { Logger } from 'pino';

/**
 * Routes the Temporal SDK's own log lines (worker state, workflow bundling, core) into our pino logger, at warn
 * and above: the SDK's default console logger prints every bundler module, which buries what a person needs.
 * Must run before the first connection or worker is created; later calls are ignored.
 */
let installed = false;

export function installTemporalLogging(logger: Logger, minimumLevel: LogLevel = 'WARN'): void {
  if (installed) return;
  installed = true;
  const order: LogLevel[] = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'];
  const enabled = (level: LogLevel): boolean => order.indexOf(level) >= order.indexOf(minimumLevel);
  const sdk = logger.child({ component: 'temporal-sdk' });
  const log = (level: LogLevel, message: string, meta?: LogMetadata): void => {
    if (!enabled(level)) return;
    const method =
      level === 'TRACE'
        ? 'trace'
        : level === 'DEBUG'
          ? 'debug'
          : level === 'INFO'
            ? 'info'
            : level === 'WARN'
              ? 'warn'
              : 'error';
    sdk[method](meta ?? {}, message);
  };
  Runtime.install({
    logger: {
      log,
      trace: (message, meta) => log('TRACE', message, meta),
      debug: (message, meta) => log('DEBUG', message, meta),
      info: (message, meta) => log('INFO', message, meta),
      warn: (message, meta) => log('WARN', message, meta),
      error: (message, meta) => log('ERROR', message, meta),
    },
  });
}
