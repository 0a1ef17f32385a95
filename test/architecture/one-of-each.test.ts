import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

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
});
