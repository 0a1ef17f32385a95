import type { z } from 'zod';
import { problem, type FieldError } from './problem';

type Issue = z.core.$ZodIssue;

/**
 * The branch of a union the request meant: the only one that knows all its fields (the branches are strict
 * objects). None or several (e.g. two of "exactly one of" given): the union's own message says what to send.
 */
function meantBranch(branches: readonly Issue[][]): Issue[] | undefined {
  const candidates = branches.filter((issues) => !issues.some((i) => i.code === 'unrecognized_keys'));
  return candidates.length === 1 ? candidates[0] : undefined;
}

function collect(issues: readonly Issue[], path: readonly PropertyKey[], errors: FieldError[]): void {
  for (const issue of issues) {
    const at = [...path, ...issue.path];
    const base = at.map(String).filter(Boolean).join('.');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        errors.push({
          field: base ? `${base}.${key}` : key,
          message: 'unknown field; it is not part of this request',
        });
      }
      continue;
    }
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const branch = meantBranch(issue.errors);
      if (branch) {
        collect(branch, at, errors);
        continue;
      }
    }
    const message =
      issue.code === 'invalid_type' && /received undefined/.test(issue.message)
        ? 'is required'
        : issue.message;
    errors.push({ field: base || '(body)', message });
  }
}

/** zod issues as the API's field errors: which field (dotted path), and why, in words an integrator can act on. */
export function fieldErrors(error: z.ZodError, prefix = ''): FieldError[] {
  const errors: FieldError[] = [];
  collect(error.issues, prefix ? [prefix] : [], errors);
  return errors;
}

export type RequestPart = 'body' | 'query' | 'path';

export function parseRequestPart<S extends z.ZodType>(
  schema: S,
  value: unknown,
  part: RequestPart,
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const errors = fieldErrors(result.error);
  const summary = errors.map((e) => `${e.field}: ${e.message}`).join('; ');
  const where = part === 'body' ? 'request body' : part === 'query' ? 'query parameters' : 'path parameters';
  throw problem.invalid(`The ${where} failed validation: ${summary}`, errors);
}
