import { isGrpcServiceError, ServiceError } from '@temporalio/client';

/** Walks an error and its causes (Prisma, the pg driver and gRPC wrap each other freely). */
export function* chain(error: unknown): Generator<Record<string, unknown>> {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current && typeof current === 'object'; depth++) {
    yield current as Record<string, unknown>;
    current = (current as { cause?: unknown }).cause;
  }
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EPIPE',
]);
// Prisma's "can't reach", "timed out", "closed connection", pool timeout; PostgreSQL's shutdown/startup states.
const DATABASE_CODES = new Set([
  'P1001',
  'P1002',
  'P1008',
  'P1017',
  'P2024',
  '57P01',
  '57P02',
  '57P03',
  '53300',
]);
const DATABASE_KINDS = new Set([
  'DatabaseNotReachable',
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
]);

export function isDatabaseUnavailable(error: unknown): boolean {
  for (const link of chain(error)) {
    const code = typeof link.code === 'string' ? link.code : undefined;
    if (code && (NETWORK_CODES.has(code) || DATABASE_CODES.has(code))) return true;
    const kind = typeof link.kind === 'string' ? link.kind : undefined;
    if (kind && DATABASE_KINDS.has(kind)) return true;
    const message = typeof link.message === 'string' ? link.message : '';
    if (
      /Can't reach database server|Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect|Unable to start a transaction in the given time/i.test(
        message,
      )
    ) {
      return true;
    }
  }
  return false;
}

// gRPC status codes: 4 DEADLINE_EXCEEDED, 8 RESOURCE_EXHAUSTED, 14 UNAVAILABLE.
const TEMPORAL_UNAVAILABLE = new Set([4, 8, 14]);

export function isTemporalUnavailable(error: unknown): boolean {
  for (const link of chain(error)) {
    if (isGrpcServiceError(link) && TEMPORAL_UNAVAILABLE.has(link.code)) return true;
    if (link instanceof ServiceError && /deadline|unavailable|connect/i.test(link.message)) return true;
    if (
      link instanceof Error &&
      /Failed to connect|TransportError|tcp connect error|deadline exceeded/i.test(link.message)
    ) {
      return true;
    }
  }
  return false;
}
