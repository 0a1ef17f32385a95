import {
  extendZodWithOpenApi,
  OpenAPIRegistry,
  OpenApiGeneratorV31,
  type ResponseConfig,
  type RouteConfig,
} from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { IDEMPOTENCY_KEY_PATTERN } from '../http/mount';
import { PROBLEM_TYPES } from '../http/problem';
import type { AnyRoute } from '../http/route';
import { API_BASE_PATH, API_VERSION } from '../version';

// Built after extendZodWithOpenApi (zod 4 attaches methods per instance, so earlier schemas lack `.openapi`).
const problemSchema = () =>
  z
    .object({
      type: z
        .string()
        .meta({ format: 'uri', description: 'Identifies the problem type; see the docs page.' }),
      title: z.string().meta({ description: 'Short summary of the problem type.' }),
      status: z.int().meta({ description: 'The HTTP status code.' }),
      detail: z.string().meta({ description: 'What went wrong in this request, specifically.' }),
      instance: z.string().meta({ description: 'The request path.' }),
      errors: z
        .array(z.object({ field: z.string(), message: z.string() }))
        .optional()
        .meta({ description: 'For invalid requests: each field that is wrong, and why.' }),
    })
    .meta({ description: 'RFC 9457 problem details.' });

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid request: malformed JSON, or a field failed validation (see `errors`).',
  401: 'No valid API key.',
  403: 'The caller’s role may not use this operation.',
  404: 'No such signal, or it belongs to another organisation.',
  409: 'The signal’s state does not allow this (the reason is in `detail`), or the Idempotency-Key is in use.',
  413: 'The request body is too large.',
  415: 'The request body is not application/json.',
  422: 'The Idempotency-Key was used before with a different request.',
  429: 'Too many requests; see Retry-After.',
  500: 'Unexpected error (logged under the X-Request-Id).',
  503: 'PostgreSQL or Temporal is unreachable; see Retry-After.',
};

export interface DocumentOptions {
  publicBaseUrl: string;
}

function successHeaders(
  registryHeaders: { apiVersion: z.ZodType; requestId: z.ZodType },
  location: boolean,
  idempotent = false,
  extra: Record<string, z.ZodType> = {},
) {
  return z.object({
    'API-Version': registryHeaders.apiVersion,
    'X-Request-Id': registryHeaders.requestId,
    ...extra,
    ...(location ? { Location: z.string().meta({ description: 'Path of the new resource.' }) } : {}),
    ...(idempotent
      ? {
          'Idempotent-Replayed': z.enum(['true']).optional().meta({
            description:
              'Present when this is the stored answer to an earlier request with the same Idempotency-Key.',
          }),
        }
      : {}),
  });
}

/** The OpenAPI 3.1 document, generated from the same route definitions and zod schemas the app runs on. */
export function buildOpenApiDocument(routes: readonly AnyRoute[], options: DocumentOptions) {
  // Adds zod's `.openapi()`, which the registry uses for named components (idempotent).
  extendZodWithOpenApi(z);
  const registry = new OpenAPIRegistry();
  const problem = registry.register('Problem', problemSchema());
  registry.registerComponent('securitySchemes', 'apiKey', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'sk_<prefix>_<secret>',
    description:
      'An API key from the operator (admin CLI: `key create`), sent as `Authorization: Bearer <key>`.',
  });
  const apiVersion = z
    .string()
    .meta({ description: 'Full semantic version of the API.', example: API_VERSION });
  const requestId = z
    .string()
    .meta({ description: 'Id of this request in the logs (echoed when the client sent one).' });
  const problemResponse = (status: number, route?: AnyRoute): ResponseConfig => ({
    description: route?.errorDescriptions?.[status] ?? ERROR_DESCRIPTIONS[status] ?? 'Error.',
    headers: z.object({ 'API-Version': apiVersion }),
    content: { 'application/problem+json': { schema: problem } },
  });

  for (const route of routes) {
    const hasInput = route.method === 'post' || route.params !== undefined || route.query !== undefined;
    const statuses = [
      ...(hasInput ? [400] : []),
      401,
      ...(route.roles.length < 4 ? [403] : []),
      ...route.errors,
      ...(route.method === 'post' ? [413, 415, 422] : []),
      ...(route.method === 'post' && !route.errors.includes(409) ? [409] : []),
      429,
      500,
      503,
    ].sort((a, b) => a - b);
    const responses: RouteConfig['responses'] = {
      [route.success.status]: {
        description: route.success.description,
        headers: successHeaders(
          { apiVersion, requestId },
          route.success.location ?? false,
          route.method === 'post' && !route.multipart,
          route.success.headers,
        ),
        content: Object.fromEntries(
          [route.success.contentType ?? 'application/json']
            .flat()
            .map((type) => [type, { schema: route.success.schema ?? z.string() }]),
        ),
      },
    };
    for (const status of statuses) responses[status] = problemResponse(status, route);
    registry.registerPath({
      method: route.method,
      path: route.path,
      operationId: route.operationId,
      summary: route.summary,
      description: `${route.description}\n\nAllowed roles: ${route.roles.join(', ')}.`,
      tags: route.tags,
      'x-roles': [...route.roles],
      request: {
        ...(route.params ? { params: route.params as never } : {}),
        ...(route.query ? { query: route.query as never } : {}),
        ...(route.method === 'post' && !route.multipart
          ? {
              headers: z.object({
                'Idempotency-Key': z.string().regex(IDEMPOTENCY_KEY_PATTERN).optional().meta({
                  description: 'Makes the request safe to retry: the same key and body get the first answer.',
                }),
              }),
            }
          : {}),
        ...(route.body
          ? { body: { required: true, content: { 'application/json': { schema: route.body } } } }
          : {}),
        ...(route.multipart
          ? {
              body: {
                required: true,
                content: { 'multipart/form-data': { schema: route.multipart.schema } },
              },
            }
          : {}),
      },
      responses,
    });
  }

  registry.registerPath({
    method: 'get',
    path: '/openapi.json',
    operationId: 'getOpenApiDocument',
    summary: 'This OpenAPI document',
    description: 'The OpenAPI 3.1 description of this API (also at `/openapi.json`). No key needed.',
    tags: ['Documentation'],
    security: [],
    responses: {
      200: {
        description: 'The OpenAPI document.',
        headers: successHeaders({ apiVersion, requestId }, false),
        content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } },
      },
      429: problemResponse(429),
      500: problemResponse(500),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/docs',
    operationId: 'getApiDocs',
    summary: 'Human-readable API documentation',
    description: 'This document as an HTML page, including the problem types. No key needed.',
    tags: ['Documentation'],
    security: [],
    responses: {
      200: {
        description: 'The documentation page.',
        headers: successHeaders({ apiVersion, requestId }, false),
        content: { 'text/html': { schema: z.string() } },
      },
      429: problemResponse(429),
      500: problemResponse(500),
    },
  });

  // Every union in this API has branches that exclude each other (strict objects with their own required fields),
  // so "exactly one of" is what they mean.
  const generator = new OpenApiGeneratorV31(registry.definitions, { unionPreferredType: 'oneOf' });
  return generator.generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'signaalloket API',
      version: API_VERSION,
      description:
        'Submit and follow *bestuurlijke signalen* (administrative signals) to the Landelijk loket Bestuurlijke Signalen of the LIEC. Follows the NLGov REST API Design Rules. Errors are RFC 9457 problem details; the problem types are: ' +
        Object.entries(PROBLEM_TYPES)
          .map(([type, meaning]) => `\`${type}\` (${meaning})`)
          .join('; '),
      contact: {
        name: 'Landelijk loket Bestuurlijke Signalen (LIEC)',
        email: 'loket@signaalloket.local',
        url: `${options.publicBaseUrl}${API_BASE_PATH}/docs`,
      },
      license: { name: 'EUPL-1.2', identifier: 'EUPL-1.2' },
    },
    servers: [{ url: `${options.publicBaseUrl}${API_BASE_PATH}`, description: 'This installation.' }],
    security: [{ apiKey: [] }],
    tags: [
      { name: 'Signals', description: 'Submitting and following signals.' },
      { name: 'Decisions', description: 'Decisions in a signal’s lifecycle, applied by its workflow.' },
      { name: 'Documents', description: 'A signal’s documents and the ministries’ reply documents.' },
      { name: 'Reports', description: 'Figures for the annual report.' },
      {
        name: 'Processing log',
        description: 'What was done with a person’s data (Logboek Dataverwerkingen), for the loket lead.',
      },
      {
        name: 'Events',
        description:
          'Subscriptions to events about signals (CloudEvents, NL GOV profile), delivered by POST.',
      },
      { name: 'Documentation', description: 'This description.' },
    ],
  });
}

export type OpenApiDocument = ReturnType<typeof buildOpenApiDocument>;
