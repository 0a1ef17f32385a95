// Response bodies are untyped JSON from supertest; the assertions below are what checks their shape.
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-explicit-any */
import crypto from 'node:crypto';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { createApiHarness, type ApiHarness, type Caller } from './harness';

let h: ApiHarness;
let doc: Record<string, any>;

beforeAll(async () => {
  h = await createApiHarness();
  doc = (await h.request().get('/openapi.json')).body as Record<string, any>;
});
afterAll(async () => {
  await h.close();
});

interface Layer {
  rawPath?: string;
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** Every route Express really serves, found by walking the app's router stack (mount paths included). */
function expressRoutes(stack: Layer[], prefix = ''): string[] {
  const found: string[] = [];
  for (const layer of stack) {
    if (layer.route) {
      for (const method of Object.keys(layer.route.methods))
        found.push(`${method.toUpperCase()} ${prefix}${layer.route.path}`);
    } else if (layer.handle?.stack) {
      const mount = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
      found.push(...expressRoutes(layer.handle.stack, prefix + mount));
    }
  }
  return found;
}

const operations = () =>
  Object.entries(doc.paths as Record<string, Record<string, any>>).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]) => ({ path, method, operation })),
  );

describe('the OpenAPI document', () => {
  it('is served without a key at /openapi.json and /api/v1/openapi.json, identically', async () => {
    const root = await h.request().get('/openapi.json');
    const versioned = await h.request().get('/api/v1/openapi.json');
    expect(root.status).toBe(200);
    expect(root.headers['content-type']).toMatch(/^application\/json/);
    expect(versioned.body).toEqual(root.body);
    expect(doc.openapi).toBe('3.1.0');
  });

  it('describes every /api/v1 route the app serves, and nothing it does not', () => {
    const stack = (h.app as unknown as { router: { stack: Layer[] } }).router.stack;
    const served = expressRoutes(stack)
      .filter((route) => route.split(' ')[1]!.startsWith('/api/v1/'))
      .map((route) => route.replace(/:(\w+)/g, '{$1}'))
      .sort();
    const documented = operations()
      .map(({ path, method }) => `${method.toUpperCase()} /api/v1${path}`)
      .sort();
    expect(served.length).toBeGreaterThanOrEqual(12);
    expect(documented).toEqual(served);
  });

  it('declares the roles of every operation (deny by default)', () => {
    for (const { path, operation } of operations()) {
      if (path === '/openapi.json' || path === '/docs') {
        expect(operation.security).toEqual([]);
        continue;
      }
      expect(operation['x-roles']).toEqual(
        expect.arrayContaining([expect.stringMatching(/^(submitter|coordinator|lead|admin)$/)]),
      );
    }
  });

  describe('NLGov API Design Rules (the error rules of the Logius Spectral ruleset)', () => {
    it('info: semver version, contact with name, email and url; the major version in the server URL', () => {
      expect(doc.info.version).toMatch(/^\d+\.\d+\.\d+$/);
      expect(doc.info.contact).toEqual({
        name: expect.any(String),
        email: expect.stringContaining('@'),
        url: expect.stringMatching(/^https?:/),
      });
      expect(doc.servers[0].url).toMatch(/\/v\d+$/);
    });

    it('paths are kebab-case without trailing slash; query parameters lowerCamelCase; operation ids unique', () => {
      const kebab = /^(\/|(\/_[a-z0-9]+|\/(([a-z0-9-]+|{[^}]+})(\/([a-z0-9-.]+|{[^}]+}))*)(\/_[a-z]+)?)\/?)$/;
      for (const path of Object.keys(doc.paths as object)) {
        if (!path.startsWith('/openapi.')) expect(path).toMatch(kebab);
        expect(path).not.toMatch(/.\/$/);
      }
      const ids = operations().map(({ operation }) => operation.operationId as string);
      expect(new Set(ids).size).toBe(ids.length);
      for (const { operation } of operations()) {
        for (const parameter of (operation.parameters ?? []) as Array<{ in: string; name: string }>) {
          if (parameter.in === 'query') expect(parameter.name).toMatch(/^[a-z][a-z\d]*([A-Z][a-z\d]*)*$/);
        }
      }
    });

    it('every 2xx documents the API-Version header; every 4xx/5xx is problem+json with status, title and detail', () => {
      const problem = doc.components.schemas.Problem;
      expect(problem.required).toEqual(
        expect.arrayContaining(['type', 'title', 'status', 'detail', 'instance']),
      );
      for (const { path, method, operation } of operations()) {
        for (const [status, response] of Object.entries(operation.responses as Record<string, any>)) {
          if (/^[23]/.test(status)) {
            expect([path, method, status, Object.keys(response.headers ?? {})]).toEqual([
              path,
              method,
              status,
              expect.arrayContaining(['API-Version']),
            ]);
          } else {
            expect([path, method, status, Object.keys(response.content)]).toEqual([
              path,
              method,
              status,
              ['application/problem+json'],
            ]);
            expect(response.content['application/problem+json'].schema).toEqual({
              $ref: '#/components/schemas/Problem',
            });
          }
        }
      }
    });

    it('documents 400 on every POST and on every GET with parameters', () => {
      for (const { path, method, operation } of operations()) {
        if (method === 'post' || (operation.parameters ?? []).length > 0) {
          expect([path, method, Object.keys(operation.responses)]).toEqual([
            path,
            method,
            expect.arrayContaining(['400']),
          ]);
        }
      }
    });

    it('date fields have format date; date-times carry a zone', () => {
      const text = JSON.stringify(doc);
      expect(text).not.toContain('date-time-local');
      const visit = (node: unknown): void => {
        if (!node || typeof node !== 'object') return;
        const properties = (node as { properties?: Record<string, any> }).properties;
        for (const [name, schema] of Object.entries(properties ?? {})) {
          if (/((\w+D)|(_[dD]))((ate)|(atum))/.test(name) || name === 'date')
            expect([name, schema.format]).toEqual([name, 'date']);
        }
        for (const child of Object.values(node)) visit(child);
      };
      visit(doc);
      expect(text).toContain('"format":"date"');
      expect(text).toContain('"format":"date-time"');
    });
  });
});

describe('API-Version and the docs page', () => {
  it('sends API-Version on successes and errors alike', async () => {
    for (const res of [
      await h.request().get('/api/v1/openapi.json'),
      await h.request().get('/api/v1/signals'),
      await h.request().get('/healthz'),
    ]) {
      expect(res.headers['api-version']).toBe(doc.info.version);
    }
  });

  it('serves a self-contained HTML page describing every operation and problem type', async () => {
    const res = await h.request().get('/api/v1/docs');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    for (const { operation } of operations()) expect(res.text).toContain(`id="${operation.operationId}"`);
    expect(res.text).toContain('id="problem-invalid-request"');
    // No CDN: nothing is loaded from another host.
    expect(res.text).not.toMatch(/<(script|link|img)[^>]+(src|href)="https?:/);
    expect(res.text).not.toContain('<script');
  });

  it('problem types point at their section of the docs page', async () => {
    const res = await h.request().get('/api/v1/signals');
    expect(res.body.type).toBe('http://signaalloket.test/api/v1/docs#problem-unauthenticated');
  });
});

/**
 * What the document allows, the server accepts, and what the server refuses with 400, the document forbids: each
 * request below is checked against the document's own schema (a JSON Schema 2020-12 validator, as OpenAPI 3.1
 * readers such as schemathesis use) and sent to the server, and the two must agree.
 */
describe('the document and the server agree on what is valid', () => {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);

  function operation(method: string, path: string): Record<string, any> {
    const found = doc.paths[path]?.[method];
    if (!found) throw new Error(`no ${method} ${path} in the document`);
    return found as Record<string, any>;
  }

  function bodyAllowed(method: string, path: string, body: unknown): boolean {
    const schema = operation(method, path).requestBody.content['application/json'].schema;
    expect(JSON.stringify(schema)).not.toContain('$ref');
    return ajv.validate(schema as object, body);
  }

  function parameterAllowed(method: string, path: string, name: string, value: string): boolean {
    const parameter = (operation(method, path).parameters as Array<Record<string, any>>).find(
      (p) => p.name === name,
    );
    if (!parameter) throw new Error(`no parameter ${name} on ${method} ${path}`);
    return ajv.validate(parameter.schema as object, value);
  }

  /** The server's verdict: refused as invalid (400), or let through validation (any other answer). */
  const acceptedByServer = (res: { status: number }) => {
    expect(res.status).toBeLessThan(500);
    return res.status !== 400;
  };

  /**
   * Posts `body` to the operation at `path` and expects the document and the server to judge it alike. A signal
   * in the path is one that does not exist: a body that passes validation gets 404, one that does not gets 400.
   */
  async function bothJudge(path: string, caller: Caller, body: object, valid: boolean): Promise<void> {
    expect(bodyAllowed('post', path, body)).toBe(valid);
    const url = path.replace('{signalId}', crypto.randomUUID()).replace('{code}', 'JenV');
    const res = await h.request().post(`/api/v1${url}`).set(h.auth(caller)).send(body);
    expect(acceptedByServer(res)).toBe(valid);
  }

  const signal = (overrides: Record<string, unknown>) => ({
    title: 'Misbruik van de visumprocedure',
    summary: 'Samenvatting.',
    content: 'Inhoud.',
    ...overrides,
  });

  it.each([
    ['a whitespace-only title', signal({ title: ' \t\n ' }), false],
    ['a title of only Unicode spaces and a BOM', signal({ title: '\u3000\u00a0\ufeff' }), false],
    ['an empty summary', signal({ summary: '' }), false],
    ['a NUL in the content', signal({ content: 'a\u0000b' }), false],
    ['a title of one character', signal({ title: 'x' }), true],
    [
      'a title of 300 emoji (600 UTF-16 code units, 300 characters)',
      signal({ title: '🇳'.repeat(300) }),
      true,
    ],
    ['a title of 301 characters', signal({ title: 'x'.repeat(301) }), false],
    ['a whitespace-only recommendation', signal({ recommendations: ['ok', '  '] }), false],
  ])('submitting a signal with %s', async (_case, body, valid) => {
    await bothJudge('/signals', 'riecA', body, valid);
  });

  it.each([
    ['both dueDate and extraWorkingDays', { dueDate: '2027-01-29', extraWorkingDays: 3, reason: 'x' }, false],
    ['neither dueDate, extraWorkingDays nor decision', { reason: 'Afstemming loopt.' }, false],
    ['a decision and a dueDate', { decision: 'approve', dueDate: '2027-01-29' }, false],
    ['an extension without a reason', { extraWorkingDays: 3 }, false],
    ['an extension with a whitespace-only reason', { extraWorkingDays: 3, reason: '   ' }, false],
    ['a dueDate in other digits', { dueDate: '٢٠٢٧-٠١-٢٩', reason: 'x' }, false],
    ['a dueDate with a reason', { dueDate: '2027-01-29', reason: 'Afstemming loopt.' }, true],
    ['extra working days with a reason', { extraWorkingDays: 3, reason: 'Afstemming loopt.' }, true],
    ['a decision alone', { decision: 'refuse' }, true],
  ])('changing a deadline with %s', async (_case, body, valid) => {
    await bothJudge('/signals/{signalId}/ministries/{code}/deadline', 'coordinator', body, valid);
  });

  it.each([
    ['only a note', { note: 'alleen een notitie' }, false],
    ['nothing at all', {}, false],
    ['a new title', { title: 'Nieuwe titel' }, true],
  ])('amending with %s', async (_case, body, valid) => {
    await bothJudge('/signals/{signalId}/amendments', 'riecA', body, valid);
  });

  it.each([
    ['a media type with other letters', { contentType: 'applicatión/pdf', contentBase64: 'JVBERg==' }, false],
    ['content that is not base64', { contentType: 'application/pdf', contentBase64: '%%%' }, false],
    ['a PDF in base64', { contentType: 'application/pdf', contentBase64: 'JVBERg==' }, true],
  ])('recording a postal reply with %s', async (_case, document, valid) => {
    const body = { text: 'De reactie.', documents: [{ filename: 'brief.pdf', ...document }] };
    await bothJudge('/signals/{signalId}/ministries/{code}/reply', 'coordinator', body, valid);
  });

  it('agrees on cursors: a malformed one is refused by both, any well-formed one is accepted by both', async () => {
    for (let i = 0; i < 3; i += 1) {
      const res = await h.request().post('/api/v1/signals').set(h.auth('riecA')).send(signal({}));
      expect(res.status).toBe(201);
    }
    const first = await h.request().get('/api/v1/signals?limit=1').set(h.auth('riecA'));
    const handedOut = first.body.nextCursor as string;
    expect(handedOut).toEqual(expect.any(String));
    const cases: Array<[string, boolean]> = [
      ['not-a-cursor', false],
      ['WyIyMDI2LTAxLTAxVDAwOjAwOjAwWiIsIngiXQ', false],
      ['1767225600000.x', false],
      [handedOut, true],
      [`1767225600000.${crypto.randomUUID()}`, true],
      [`0.${crypto.randomUUID().toUpperCase()}`, true],
    ];
    for (const [cursor, valid] of cases) {
      expect([cursor, parameterAllowed('get', '/signals', 'cursor', cursor)]).toEqual([cursor, valid]);
      const res = await h
        .request()
        .get(`/api/v1/signals?cursor=${encodeURIComponent(cursor)}`)
        .set(h.auth('riecA'));
      expect([cursor, res.status]).toEqual([cursor, valid ? 200 : 400]);
    }
    const second = await h
      .request()
      .get(`/api/v1/signals?limit=1&cursor=${encodeURIComponent(handedOut)}`)
      .set(h.auth('riecA'));
    expect(second.body.items[0].id).not.toBe(first.body.items[0].id);
  });

  it.each([
    ['a tab', 'visum\tfraude', false],
    ['a line break', 'visum\nfraude', false],
    ['plain words', 'visumfraude', true],
  ])('searching with %s', async (_case, text, valid) => {
    expect(parameterAllowed('get', '/signals', 'text', text)).toBe(valid);
    const res = await h
      .request()
      .get(`/api/v1/signals?text=${encodeURIComponent(text)}`)
      .set(h.auth('riecA'));
    expect(acceptedByServer(res)).toBe(valid);
  });

  it.each([
    ['a space', 'key with space', false],
    ['printable ASCII', 'retry-7f3a', true],
  ])('an Idempotency-Key with %s', async (_case, key, valid) => {
    expect(parameterAllowed('post', '/signals', 'Idempotency-Key', key)).toBe(valid);
    const res = await h
      .request()
      .post('/api/v1/signals')
      .set(h.auth('riecA'))
      .set('Idempotency-Key', key)
      .send(signal({}));
    expect(acceptedByServer(res)).toBe(valid);
  });

  it('declares "exactly one of" as oneOf and the text rule as a pattern', () => {
    const deadline = operation('post', '/signals/{signalId}/ministries/{code}/deadline').requestBody.content[
      'application/json'
    ].schema;
    expect(deadline.oneOf).toHaveLength(3);
    const title = operation('post', '/signals').requestBody.content['application/json'].schema.properties
      .title;
    expect(title).toMatchObject({ type: 'string', maxLength: 300, pattern: expect.any(String) });
  });
});
