import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import type {} from 'pino-http';
import type { Logger } from 'pino';
import { isDatabaseUnavailable, isTemporalUnavailable } from './infrastructure';
import { problem, ProblemError, problemTypeUri, type ProblemBody } from './problem';

interface BodyParserError {
  type?: string;
  status?: number;
  limit?: number;
}

function asProblem(error: unknown): ProblemError | undefined {
  if (error instanceof ProblemError) return error;
  const parserError = error as BodyParserError;
  switch (parserError?.type) {
    case 'entity.parse.failed':
      return problem.invalid(`The request body is not valid JSON: ${(error as Error).message}`);
    case 'entity.too.large':
      return new ProblemError(
        413,
        'payload-too-large',
        `The request body exceeds the limit of ${parserError.limit ?? 'the configured'} bytes.`,
      );
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new ProblemError(415, 'unsupported-media-type', 'The request body must be UTF-8 encoded JSON.');
    case 'request.aborted':
    case 'request.size.invalid':
      return problem.invalid('The request body was incomplete.');
    default:
      break;
  }
  if (isDatabaseUnavailable(error)) {
    return problem.unavailable('The database is unreachable; nothing was changed. Retry later.', 10);
  }
  if (isTemporalUnavailable(error)) {
    return problem.unavailable(
      'The workflow service (Temporal) is unreachable; nothing was changed. Retry later.',
      10,
    );
  }
  return undefined;
}

export function toProblemBody(req: Request, error: ProblemError, baseUrl: string): ProblemBody {
  return {
    type: problemTypeUri(baseUrl, error.type),
    title: error.title,
    status: error.status,
    detail: error.detail,
    instance: req.originalUrl.split('?')[0] ?? req.originalUrl,
    ...(error.extra.errors ? { errors: error.extra.errors } : {}),
  };
}

export function sendProblem(req: Request, res: Response, error: ProblemError, baseUrl: string): void {
  const body = toProblemBody(req, error, baseUrl);
  for (const [name, value] of Object.entries(error.extra.headers ?? {})) res.setHeader(name, value);
  res.status(error.status).type('application/problem+json').send(JSON.stringify(body));
}

/** The one error pipeline of /api: every failure becomes problem+json; internals only reach the log. */
export function problemErrorHandler(logger: Logger, baseUrl: string): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    let answer = asProblem(error);
    if (!answer) {
      (req.log ?? logger).error({ err: error }, 'unhandled error');
      answer = new ProblemError(
        500,
        'internal-error',
        `An unexpected error occurred. Quote request id ${req.id as string} when reporting it.`,
      );
    } else if (answer.status >= 500) {
      (req.log ?? logger).warn({ err: error }, answer.detail);
    }
    sendProblem(req, res, answer, baseUrl);
  };
}

export const apiNotFound: RequestHandler = (req, _res, next) => {
  next(problem.notFound(`There is no resource at ${req.method} ${req.path}.`));
};
