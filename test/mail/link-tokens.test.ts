import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createMailActivities, listResponseLinks, lookupResponseToken } from '../../activities/mail';
import { deriveResponseToken } from '../../shared/response-links/tokens';
import { ensureResponseLinkSecret, withStoredResponseLinkSecret } from '../../shared/response-link-secret';
import { ConfigError, parseEnvironment, toRuntimeConfig } from '../../shared/config';
import {
  contactNotice,
  mailsTo,
  REPLY_DUE_AT,
  responseTokenIn,
  seedSignal,
  testMailConfig,
  mailDependencies,
  useMailTestBed,
} from './fixtures';

/**
 * The response-link secret and what happens when it changes: links already mailed keep working, the next mail
 * carries a new link of its own, and the contact still has one live link for the case.
 */
const bed = useMailTestBed();

const services = { databaseUrl: 'postgresql://x', temporalAddress: 'localhost:7233', smtpUrl: 'smtp://x' };
const secretOf = () => crypto.randomBytes(32).toString('base64url');

describe('the response-link secret', () => {
  it('is required in production, with a sentence that says what to set; too short a secret is refused', () => {
    const production = parseEnvironment({ NODE_ENV: 'production' });
    expect(() => toRuntimeConfig(production, services, 'q')).toThrow(ConfigError);
    expect(() => toRuntimeConfig(production, services, 'q')).toThrow(/RESPONSE_LINK_SECRET is required/);
    expect(() => parseEnvironment({ RESPONSE_LINK_SECRET: 'too-short' })).toThrow(
      /RESPONSE_LINK_SECRET: must be at least 43 characters/,
    );
    const secret = secretOf();
    const config = toRuntimeConfig(
      parseEnvironment({ NODE_ENV: 'production', RESPONSE_LINK_SECRET: secret }),
      services,
      'q',
    );
    expect(config.responseLinkSecret).toBe(secret);
  });

  it('derives 256-bit tokens that differ per link and per secret', () => {
    const [a, b] = [secretOf(), secretOf()];
    const id = crypto.randomUUID();
    const token = deriveResponseToken(a, id);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(deriveResponseToken(a, id)).toBe(token);
    expect(deriveResponseToken(b, id)).not.toBe(token);
    expect(deriveResponseToken(a, crypto.randomUUID())).not.toBe(token);
  });

  it('is made once by npm start in its data folder, readable by its user only', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'link-secret-'));
    try {
      const first = ensureResponseLinkSecret(path.join(dir, 'data'));
      expect(first.length).toBeGreaterThanOrEqual(43);
      expect(ensureResponseLinkSecret(path.join(dir, 'data'))).toBe(first);
      const file = path.join(dir, 'data', 'response-link.secret');
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      fs.writeFileSync(file, 'short\n');
      expect(() => ensureResponseLinkSecret(path.join(dir, 'data'))).toThrow(
        /no usable response-link secret/,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is read by an API or worker started on its own beside npm start, unless RESPONSE_LINK_SECRET is set', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'link-secret-'));
    try {
      const env = parseEnvironment({ DATA_DIR: dir });
      expect(withStoredResponseLinkSecret(env).RESPONSE_LINK_SECRET).toBeUndefined();
      const stored = ensureResponseLinkSecret(dir);
      expect(withStoredResponseLinkSecret(env).RESPONSE_LINK_SECRET).toBe(stored);
      const own = secretOf();
      expect(
        withStoredResponseLinkSecret(parseEnvironment({ DATA_DIR: dir, RESPONSE_LINK_SECRET: own }))
          .RESPONSE_LINK_SECRET,
      ).toBe(own);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('when replaced, keeps mailed links working and gives the next mail a new live link', async () => {
    const signal = await seedSignal(bed.db.prisma, bed.world);
    const deps = (secret: string) =>
      mailDependencies(bed, { config: { ...testMailConfig(), responseLinkSecret: secret } });
    const notify = (secret: string, template: 'ministry_request' | 'ack_reminder') =>
      createMailActivities(deps(secret)).notify(
        contactNotice(`signal-${signal.id}:${template}:JenV`, signal.id, 'JenV', template, REPLY_DUE_AT),
      );
    await notify(secretOf(), 'ministry_request');
    await notify(secretOf(), 'ack_reminder');
    const tokens = mailsTo(bed.smtp, bed.world.ministries.JenV.contactEmail, signal.reference).map((m) =>
      responseTokenIn(m.text),
    );
    expect(tokens).toHaveLength(2);
    expect(tokens[1]).not.toBe(tokens[0]);
    for (const token of tokens) {
      await expect(lookupResponseToken(bed.db.prisma, token, new Date())).resolves.toMatchObject({
        kind: 'valid',
        token: { signalId: signal.id, contactId: bed.world.ministries.JenV.contactId },
      });
    }
    const rows = await bed.db.prisma.responseToken.findMany({
      where: { signalId: signal.id },
      orderBy: { createdAt: 'asc' },
    });
    expect(rows.map((row) => [row.legacy, row.revokedAt])).toEqual([
      [true, null],
      [false, null],
    ]);
    expect((await listResponseLinks(bed.db.prisma, signal.id)).map((l) => l.state)).toEqual([
      'active',
      'active',
    ]);
  });
});
