/**
 * Imported first by the worker's entry points (worker/main.ts, scripts/services/worker-process.ts), before `pg`
 * and nodemailer load, for the reason given in ./start-api.
 */
import { startTracing } from './tracing';

export const tracing = startTracing('signaalloket-worker');
