import type { z } from 'zod';
import { problem, type FieldError } from './problem';

/** zod issues as the API's field errors: which field (dotted path), and why, in words an integrator can act on. */
export function fieldErrors(error: z.ZodError, prefix = ''): FieldError[] {
  const errors: FieldError[] = [];
  for (const issue of error.issues) {
    const base = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        errors.push({
          field: base ? `${base}.${key}` : key,
          message: 'unknown field; it is not part of this request',
        });
      }
      continue;
    }
    const message =
      issue.code === 'invalid_type' && /received undefined/.test(issue.message)
        ? 'is required'
        : issue.message;
    errors.push({ field: base || '(body)', message });
  }
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
