import type { RequestHandler } from 'express';
import { ProblemError } from './problem';

/** A path (OpenAPI template, e.g. `/signals/{signalId}`) and a method it answers. */
export interface Endpoint {
  method: string;
  path: string;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function pathPattern(path: string): RegExp {
  const parts = path.split(/\{\w+\}/).map(escapeRegExp);
  return new RegExp(`^${parts.join('[^/]+')}/?$`);
}

function refusal(method: string, allowed: readonly string[]): ProblemError {
  return new ProblemError(
    405,
    'method-not-allowed',
    `${method} is not supported here; use ${allowed.join(' or ')}.`,
    { headers: { Allow: allowed.join(', ') } },
  );
}

/**
 * 405 with `Allow` for a known path asked with another method, instead of a misleading 404. Mount it after the
 * endpoints themselves: whatever reaches it on a known path was asked with a method none of them answers.
 */
export function methodNotAllowed(endpoints: readonly Endpoint[]): RequestHandler {
  const patterns = endpoints.map((endpoint) => ({
    method: endpoint.method.toUpperCase(),
    regex: pathPattern(endpoint.path),
  }));
  return (req, _res, next) => {
    const allowed = [...new Set(patterns.filter((p) => p.regex.test(req.path)).map((p) => p.method))];
    next(allowed.length === 0 ? undefined : refusal(req.method, allowed));
  };
}
