import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { MINISTRY_CASE_STATUSES, SIGNAL_STATUSES } from '../../api/signals/schemas';

/**
 * One of each: a pattern, helper or table that the product needs in several places is defined in one module and
 * imported everywhere else, so that a fix in one place reaches every page, mail and route.
 */
const repoRoot = path.resolve(__dirname, '..', '..');
const PRODUCT_FOLDERS = ['shared', 'workflows', 'activities', 'reports', 'worker', 'api', 'scripts'];

function productSources(): string[] {
  return execFileSync('git', ['ls-files', '--', ...PRODUCT_FOLDERS.map((folder) => `${folder}/*.ts`)], {
    cwd: repoRoot,
    encoding: 'utf8',
  })
    .split('\n')
    .filter((file) => file !== '' && fs.existsSync(path.join(repoRoot, file)));
}

const read = (file: string): string => fs.readFileSync(path.join(repoRoot, file), 'utf8');

/** The product files whose text matches, outside the one file that may hold it. */
function filesMatching(pattern: RegExp, except: string[] = []): string[] {
  return productSources().filter((file) => !except.includes(file) && pattern.test(read(file)));
}

describe('one of each', () => {
  test('the UUID pattern is written once, in shared/ids.ts', () => {
    expect(filesMatching(/\[0-9a-f\]\{8\}/, ['shared/ids.ts'])).toEqual([]);
  });

  test('HTML is escaped by one template tag, shared/html.ts, under one name', () => {
    // An escape table, a template tag or an escaping helper of its own marks a second way of building markup.
    expect(filesMatching(/'&amp;'|TemplateStringsArray|escapeHtml/, ['shared/html.ts'])).toEqual([]);
    expect(filesMatching(/\b(markup|trusted)`/)).toEqual([]);
  });

  test('status labels come from one table, shared/status-labels.ts, in Dutch and English', () => {
    const labelMap =
      /(Record<(SignalStatus|MinistryCaseStatus), string>\s*=\s*\{)|satisfies Record<(SignalStatus|MinistryCaseStatus), string>/;
    expect(filesMatching(labelMap, ['shared/status-labels.ts'])).toEqual([]);
    const table = read('shared/status-labels.ts');
    for (const status of [...SIGNAL_STATUSES, ...MINISTRY_CASE_STATUSES]) {
      expect(table).toMatch(new RegExp(`\\b${status}: \\{`));
    }
  });

  test('one cookie reader, api/http/cookies.ts, and one CSRF scheme, api/http/csrf.ts', () => {
    // Followed by a quote it is a log-redaction path, not a read.
    expect(filesMatching(/req\.headers\.cookie(?!['"])/, ['api/http/cookies.ts'])).toEqual([]);
    const ownCsrfCrypto = filesMatching(/timingSafeEqual|createHmac/, ['api/http/csrf.ts']).filter((file) =>
      /csrf/i.test(read(file)),
    );
    expect(ownCsrfCrypto).toEqual([]);
  });

  test('the dashboard router runs no queries inline: its data modules do', () => {
    expect(read('api/dashboard/router.ts')).not.toMatch(/\bprisma\.\w+\.\w+\(/);
  });

  test('response-link tokens, URLs and date words live in a module of their own, not inside the mail activity', () => {
    const apiFiles = productSources().filter((file) => file.startsWith('api/'));
    const intoMail = apiFiles.filter((file) => /activities\/mail\/(tokens|urls|templates)/.test(read(file)));
    expect(intoMail).toEqual([]);
    for (const file of ['tokens.ts', 'urls.ts', 'format.ts']) {
      expect(fs.existsSync(path.join(repoRoot, 'shared/response-links', file))).toBe(true);
    }
  });
});
