import { PROBLEM_TYPES } from '../http/problem';
import type { OpenApiDocument } from './document';
import { html, raw, type Html } from '../../shared/html';

/** A description's blank lines as paragraph breaks. */
const paragraphs = (text: unknown): unknown[] =>
  String(text)
    .split('\n\n')
    .map((part, index) => (index === 0 ? part : [raw('</p><p>'), part]));

type Json = Record<string, unknown>;

function resolve(document: OpenApiDocument, schema: unknown): unknown {
  const ref = (schema as { $ref?: string } | undefined)?.$ref;
  if (!ref) return schema;
  const name = ref.split('/').at(-1)!;
  return (document.components?.schemas as Json | undefined)?.[name];
}

function schemaBlock(document: OpenApiDocument, schema: unknown): Html {
  return html`<pre>${JSON.stringify(resolve(document, schema), null, 2)}</pre>`;
}

function operationHtml(document: OpenApiDocument, path: string, method: string, operation: Json): Html {
  const id = String(operation.operationId);
  const parameters = (operation.parameters as Json[] | undefined) ?? [];
  const body = ((operation.requestBody as Json | undefined)?.content as Json | undefined)?.[
    'application/json'
  ] as Json | undefined;
  const responses = Object.entries((operation.responses as Json | undefined) ?? {});
  return html`<section class="op" id="${id}">
<h3><span class="method ${method}">${method.toUpperCase()}</span> <code>/api/v1${path}</code></h3>
<p><strong>${operation.summary}</strong></p>
<p>${paragraphs(operation.description)}</p>
${
  parameters.length
    ? html`<h4>Parameters</h4><table><tr><th>name</th><th>in</th><th>required</th><th>description</th></tr>${parameters.map(
        (p) =>
          html`<tr><td><code>${p.name}</code></td><td>${p.in}</td><td>${p.required ? 'yes' : 'no'}</td><td>${
            (p.schema as Json | undefined)?.description ?? p.description ?? ''
          }</td></tr>`,
      )}</table>`
    : ''
}
${body ? html`<h4>Request body (application/json)</h4>${schemaBlock(document, body.schema)}` : ''}
<h4>Responses</h4><ul>${responses.map(
    ([status, response]) => html`<li><code>${status}</code> ${(response as Json).description}</li>`,
  )}</ul>
</section>`;
}

/** The human docs: rendered on the server from the OpenAPI document itself (no CDN, no script). */
export function renderDocsPage(document: OpenApiDocument): string {
  const operations: Html[] = [];
  const index: Html[] = [];
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const [method, operation] of Object.entries(item as Json)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const op = operation as Json;
      index.push(
        html`<li><a href="#${op.operationId}"><code>${method.toUpperCase()} /api/v1${path}</code></a> ${op.summary}</li>`,
      );
      operations.push(operationHtml(document, path, method, op));
    }
  }
  const problems = Object.entries(PROBLEM_TYPES).map(
    ([type, meaning]) => html`<dt id="problem-${type}"><code>${type}</code></dt><dd>${meaning}</dd>`,
  );
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${document.info.title} ${document.info.version}</title>
<style>
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1b1b1b}
code,pre{font-family:ui-monospace,monospace}pre{background:#f4f4f4;padding:.75rem;overflow:auto;font-size:.85rem}
.op{border-top:1px solid #ccc;padding-top:1rem;margin-top:1.5rem}.method{display:inline-block;min-width:4rem;text-align:center;color:#fff;border-radius:3px;padding:0 .3rem}
.get{background:#154273}.post{background:#39870c}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}
</style></head><body>
<h1>${document.info.title} <small>${document.info.version}</small></h1>
<p>${(document.info.description ?? '').split('; the problem types')[0]}.</p>
<p>Machine-readable: <a href="/api/v1/openapi.json"><code>/api/v1/openapi.json</code></a> (OpenAPI 3.1).
Contact: ${document.info.contact?.name} &lt;${document.info.contact?.email}&gt;.</p>
<h2>Authentication</h2>
<p>Every operation except this documentation needs an API key: <code>Authorization: Bearer sk_…</code>.
Keys belong to an organisation (role <em>submitter</em>: its own signals only) or to a person (<em>coordinator</em>,
<em>lead</em>, <em>admin</em>). The operator creates them with the admin CLI (<code>npm run admin -- key create</code>).</p>
<h2>Retries</h2>
<p>Send an <code>Idempotency-Key</code> header (e.g. a UUID) with every POST: a repeated request with the same key and body
gets the first answer (marked <code>Idempotent-Replayed: true</code>) and has no second effect; the same key with another body
answers 422. Keys are kept for at least 24 hours, per API key owner.</p>
<h2>Operations</h2><ul>${index}</ul>
${operations.map((operation, i) => (i === 0 ? operation : [raw('\n'), operation]))}
<h2 id="problems">Problem types</h2>
<p>Errors are <code>application/problem+json</code> (RFC 9457) with <code>type</code>, <code>title</code>, <code>status</code>,
<code>detail</code>, <code>instance</code>, and for invalid input <code>errors: [{ field, message }]</code>.</p>
<dl>${problems}</dl>
</body></html>`.value;
}
