// A real OpenID Provider for the tests: `oidc-provider` (ESM only, hence this script in a child process of its own,
// started by test/support/oidc-provider.ts) with its own login and consent pages that check a password. Its
// settings come as JSON in OIDC_TEST_PROVIDER; it listens on a free loopback port and prints one line,
// {"issuer": "http://127.0.0.1:<port>"}, once it serves.
import http from 'node:http';
import crypto from 'node:crypto';
import Provider from 'oidc-provider';

const settings = JSON.parse(process.env.OIDC_TEST_PROVIDER ?? '{}');
const accounts = settings.accounts ?? [];

const escape = (value) =>
  String(value).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
  );

const page = (title, body) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title></head>
<body><main><h1>${escape(title)}</h1>${body}</main></body></html>`;

function loginPage(uid, error) {
  return page(
    'Test IdP: sign in',
    `${error ? `<p role="alert" id="idp-error">${escape(error)}</p>` : ''}
    <form method="post" action="/interaction/${escape(uid)}/login">
      <label for="login">Username</label> <input id="login" name="login" autocomplete="username">
      <label for="password">Password</label> <input id="password" name="password" type="password" autocomplete="current-password">
      <button type="submit" id="idp-sign-in">Sign in</button>
    </form>`,
  );
}

function consentPage(uid, clientId, scopes) {
  return page(
    'Test IdP: authorize',
    `<p>${escape(clientId)} asks for: ${escape(scopes.join(' '))}</p>
    <form method="post" action="/interaction/${escape(uid)}/confirm">
      <button type="submit" id="idp-consent">Allow</button>
    </form>`,
  );
}

async function readForm(req) {
  let body = '';
  for await (const chunk of req) body += chunk;
  return Object.fromEntries(new URLSearchParams(body));
}

const server = http.createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: settings.clients ?? [],
  acrValues: settings.acrValues ?? [],
  conformIdTokenClaims: settings.conformIdTokenClaims ?? true,
  claims: {
    acr: null,
    auth_time: null,
    iss: null,
    sid: null,
    openid: ['sub'],
    profile: ['name', settings.roleClaim ?? 'roles'],
    email: ['email', 'email_verified'],
  },
  cookies: { keys: [crypto.randomBytes(32).toString('base64url')] },
  pkce: { required: () => true },
  features: {
    devInteractions: { enabled: false },
    rpInitiatedLogout: { enabled: true },
  },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(_ctx, sub) {
    const account = accounts.find((candidate) => candidate.sub === sub);
    if (!account) return undefined;
    return { accountId: sub, claims: () => ({ sub, ...account.claims }) };
  },
});
// Logs of the provider itself are not the test's business (it warns about dev-only defaults).
provider.on('server_error', (_ctx, error) => console.error('oidc-provider server_error', error));

async function interaction(req, res, path) {
  const [, uid, action] = path.split('/').filter(Boolean);
  const send = (status, html) => {
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(html);
  };
  const details = await provider.interactionDetails(req, res);
  if (req.method === 'GET' && !action) {
    if (details.prompt.name === 'login') return send(200, loginPage(uid));
    return send(200, consentPage(uid, details.params.client_id, String(details.params.scope).split(' ')));
  }
  if (req.method === 'POST' && action === 'login') {
    const form = await readForm(req);
    const account = accounts.find((candidate) => candidate.login === form.login);
    if (!account || account.password !== form.password) {
      return send(200, loginPage(uid, 'Wrong username or password.'));
    }
    return provider.interactionFinished(
      req,
      res,
      { login: { accountId: account.sub, ...(account.acr ? { acr: account.acr } : {}) } },
      { mergeWithLastSubmission: false },
    );
  }
  if (req.method === 'POST' && action === 'confirm') {
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
    const missing = details.prompt.details;
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    const grantId = await grant.save();
    return provider.interactionFinished(
      req,
      res,
      { consent: details.grantId ? {} : { grantId } },
      { mergeWithLastSubmission: true },
    );
  }
  return send(404, page('Not found', ''));
}

const callback = provider.callback();
server.on('request', (req, res) => {
  const path = new URL(req.url, issuer).pathname;
  if (!path.startsWith('/interaction/')) return callback(req, res);
  interaction(req, res, path).catch((error) => {
    res.writeHead(400, { 'content-type': 'text/plain' });
    res.end(`interaction failed: ${error.message}`);
  });
});

process.stdout.write(`${JSON.stringify({ issuer })}\n`);
process.on('SIGTERM', () => server.close(() => process.exit(0)));
