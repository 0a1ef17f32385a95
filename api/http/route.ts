import type { Request } from 'express';
import type { Readable } from 'node:stream';
import type { z } from 'zod';
import type { Principal, Role } from '../auth/principal';
import type { IdempotencyHandle } from '../idempotency/store';

/** What a handler answers; the mount turns it into the HTTP response (and the idempotency record). */
export interface RouteResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Non-JSON answers (CSV): the text and its content type. */
  text?: { contentType: string; content: string };
  /** Binary answers (a document download): streamed to the client, never held whole. */
  stream?: { contentType: string; body: Readable };
}

export interface RouteContext<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  principal: Principal;
  req: Request;
  now: Date;
  /** Present when the caller sent an Idempotency-Key: lets a service store the answer inside its own transaction. */
  idempotency?: IdempotencyHandle;
}

export type ErrorStatus = 404 | 409 | 413 | 415;

/**
 * One route: path, roles, schemas and handler together. The same definition is mounted on Express and written
 * into the OpenAPI document, so the two can never disagree; a route without `roles` does not compile.
 */
export interface RouteDefinition<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
> {
  method: 'get' | 'post' | 'delete';
  /** Relative to /api/v1, in OpenAPI notation: `/signals/{signalId}`. */
  path: string;
  operationId: string;
  summary: string;
  description: string;
  tags: string[];
  /** Deny by default: only these roles get past authentication. */
  roles: readonly Role[];
  params?: P;
  query?: Q;
  body?: B;
  /**
   * The handler claims the Idempotency-Key inside its own statement (a prospective handle: idempotency/store.ts),
   * so a keyed request costs no separate claim. Its service conditions its writes on `keyIsFree()`, stores the
   * answer with `answerStatement`, and throws IdempotencyKeyTaken when the statement wrote nothing.
   */
  claimsIdempotencyKeyItself?: boolean;
  /**
   * The body is `multipart/form-data`, read by the handler itself (streamed, never parsed as JSON); the schema is
   * for the OpenAPI document. Such a route takes no Idempotency-Key: its service makes a retry safe itself.
   */
  multipart?: { schema: z.ZodType };
  /** Per-route wording of an error status in the OpenAPI document. */
  errorDescriptions?: Partial<Record<number, string>>;
  /** Body limit for this route (default: the API's general limit). */
  bodyLimit?: string;
  success: {
    status: 200 | 201;
    description: string;
    schema?: z.ZodType;
    /** Default application/json; several for a binary answer whose type is the document's. */
    contentType?: string | readonly string[];
    /** Response headers beyond API-Version and X-Request-Id. */
    headers?: Record<string, z.ZodType>;
    location?: boolean;
  };
  /** Error statuses beyond the common ones (400, 401, 403, 429, 500, 503). */
  errors: ErrorStatus[];
  handler(context: RouteContext<z.output<P>, z.output<Q>, z.output<B>>): Promise<RouteResult>;
}

export type AnyRoute = RouteDefinition<z.ZodType, z.ZodType, z.ZodType>;

export function defineRoute<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType>(
  route: RouteDefinition<P, Q, B>,
): AnyRoute {
  return route;
}
