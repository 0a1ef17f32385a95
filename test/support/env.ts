import crypto from 'node:crypto';

export const TEMPLATE_DATABASE = 'signaalloket_template';

export function requiredTestEnv(name: 'TEST_DATABASE_ADMIN_URL' | 'TEST_TEMPORAL_ADDRESS'): string {
  const value = process.env[name];
  if (!value)
    throw new Error(`${name} is not set: run the tests through jest (test/support/global-setup.ts)`);
  return value;
}

/** The key response-link tokens are derived from: random per test run, the same for every process of one file. */
export const TEST_RESPONSE_LINK_SECRET = crypto.randomBytes(32).toString('base64url');
