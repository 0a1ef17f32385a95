import type * as OpenIdClient from 'openid-client';

export type OpenIdClientLibrary = typeof OpenIdClient;

let loading: Promise<OpenIdClientLibrary> | undefined;

/**
 * openid-client 6 is published as an ES module only, and this project is CommonJS: a dynamic import() loads it
 * (Node ≥ 20.19 also allows require() of it, which the jest transform needs; see jest.config.js). Loaded on the
 * first sign-in through the identity provider, so a dashboard with local sign-in only never loads it.
 */
export function loadOpenIdClient(): Promise<OpenIdClientLibrary> {
  loading ??= import('openid-client');
  return loading;
}
