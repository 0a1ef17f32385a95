// Response bodies are untyped JSON from supertest; the assertions below are what checks their shape.
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-explicit-any */
import { createApiHarness, type ApiHarness } from './harness';

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
