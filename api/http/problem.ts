/**
 * Errors as RFC 9457 problem details. Handlers throw a ProblemError; the one error middleware (errors.ts) turns it,
 * and every other error, into an `application/problem+json` answer.
 */
export interface FieldError {
  field: string;
  message: string;
}

/** The problem types this API answers with; each has a section on the docs page (`/api/v1/docs#problem-<slug>`). */
export const PROBLEM_TYPES = {
  'invalid-request': 'The request is malformed or a field is invalid.',
  unauthenticated: 'No valid API key was presented.',
  forbidden: 'The caller’s role may not use this operation.',
  'not-found': 'The resource does not exist, or is not visible to the caller.',
  'method-not-allowed': 'The resource does not support this HTTP method.',
  conflict: 'The request conflicts with the current state of the signal (e.g. a refused transition).',
  'payload-too-large': 'The request body exceeds the size limit.',
  'unsupported-media-type':
    'The request body is not of the type the operation takes (`application/json`, or `multipart/form-data` for documents), or a document is not an allowed type.',
  'idempotency-key-reused': 'The Idempotency-Key was already used with a different request.',
  'idempotency-key-in-use': 'A request with this Idempotency-Key is still being processed.',
  'too-many-requests': 'The caller exceeded its request budget; retry after the indicated time.',
  'service-unavailable': 'A service the API depends on is unreachable; retry after the indicated time.',
  'internal-error': 'An unexpected error occurred; it has been logged under the request id.',
} as const;

export type ProblemType = keyof typeof PROBLEM_TYPES;

const TITLES: Record<ProblemType, string> = {
  'invalid-request': 'Invalid request',
  unauthenticated: 'Authentication required',
  forbidden: 'Forbidden',
  'not-found': 'Not found',
  'method-not-allowed': 'Method not allowed',
  conflict: 'Conflict',
  'payload-too-large': 'Payload too large',
  'unsupported-media-type': 'Unsupported media type',
  'idempotency-key-reused': 'Idempotency-Key reused',
  'idempotency-key-in-use': 'Idempotency-Key in use',
  'too-many-requests': 'Too many requests',
  'service-unavailable': 'Service unavailable',
  'internal-error': 'Internal server error',
};

export class ProblemError extends Error {
  override name = 'ProblemError';
  readonly title: string;

  constructor(
    readonly status: number,
    readonly type: ProblemType,
    readonly detail: string,
    readonly extra: { errors?: FieldError[]; headers?: Record<string, string> } = {},
  ) {
    super(detail);
    this.title = TITLES[type];
  }
}

export const problem = {
  invalid: (detail: string, errors?: FieldError[]) =>
    new ProblemError(400, 'invalid-request', detail, { errors }),
  field: (field: string, message: string) =>
    new ProblemError(400, 'invalid-request', `${field}: ${message}`, { errors: [{ field, message }] }),
  unauthenticated: (detail: string) =>
    new ProblemError(401, 'unauthenticated', detail, {
      headers: { 'WWW-Authenticate': 'Bearer realm="signaalloket"' },
    }),
  forbidden: (detail: string) => new ProblemError(403, 'forbidden', detail),
  notFound: (detail: string) => new ProblemError(404, 'not-found', detail),
  conflict: (detail: string) => new ProblemError(409, 'conflict', detail),
  tooLarge: (detail: string) => new ProblemError(413, 'payload-too-large', detail),
  unavailable: (detail: string, retryAfterSeconds = 5) =>
    new ProblemError(503, 'service-unavailable', detail, {
      headers: { 'Retry-After': String(retryAfterSeconds) },
    }),
};

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  errors?: FieldError[];
}

export function problemTypeUri(baseUrl: string, type: ProblemType): string {
  return `${baseUrl}/api/v1/docs#problem-${type}`;
}
