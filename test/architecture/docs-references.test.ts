import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The repository explains itself: docs/architecture.md exists, every reference to one of its sections lands on a
 * heading, every file path it names exists, and nothing cites the design brief or seed folder the project started
 * from, which a clone does not have.
 */
const repoRoot = path.resolve(__dirname, '..', '..');
const ARCHITECTURE = 'docs/architecture.md';
const TEXT_FILE = /\.(ts|js|mjs|json|md|prisma|sql|sh|csv|ya?ml)$/;

function trackedTextFiles(): string[] {
  return execFileSync('git', ['ls-files'], { cwd: repoRoot, encoding: 'utf8' })
    .split('\n')
    .filter((file) => TEXT_FILE.test(file) && fs.existsSync(path.join(repoRoot, file)));
}

const read = (file: string): string => fs.readFileSync(path.join(repoRoot, file), 'utf8');

/** GitHub's anchor for a Markdown heading: lower case, punctuation dropped, spaces to hyphens. */
function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
}

function headingAnchors(markdown: string): Set<string> {
  const withoutCode = markdown.replace(/^```[\s\S]*?^```/gm, '');
  return new Set([...withoutCode.matchAll(/^#{1,6} (.+)$/gm)].map((match) => anchorOf(match[1]!)));
}

describe('docs/architecture.md', () => {
  const files = trackedTextFiles();

  test('exists in the repository', () => {
    expect(files).toContain(ARCHITECTURE);
  });

  test('every reference to one of its sections names a heading it has', () => {
    const anchors = headingAnchors(read(ARCHITECTURE));
    const broken: string[] = [];
    for (const file of files) {
      const text = read(file);
      const references = [...text.matchAll(/docs\/architecture\.md#([\w-]+)/g)].map((m) => m[1]!);
      if (file === ARCHITECTURE) references.push(...[...text.matchAll(/\]\(#([\w-]+)\)/g)].map((m) => m[1]!));
      for (const anchor of references) if (!anchors.has(anchor)) broken.push(`${file}: #${anchor}`);
    }
    expect(broken).toEqual([]);
  });

  test('every file path it names exists', () => {
    const named = [
      ...read(ARCHITECTURE).matchAll(/`((?:[\w.-]+\/)+[\w.-]+\.(?:ts|md|prisma|sh|csv|txt|mjs|js))`/g),
    ];
    const missing = named.map((m) => m[1]!).filter((file) => !fs.existsSync(path.join(repoRoot, file)));
    expect(named.length).toBeGreaterThan(50);
    expect(missing).toEqual([]);
  });

  test('no file cites the design brief or the seed folder that are not in the repository', () => {
    // Spelled in pieces so that this file does not match itself. The brief was cited by its file name and by its
    // name alone, in capitals ("<name> §2"); the seed by its folder.
    const outside = [
      new RegExp(`\\b${['DES', 'IGN'].join('')}\\b`),
      new RegExp(['/work', '/shared'].join('')),
      new RegExp(['shared', '/seed/'].join('')),
    ];
    const citing = files.flatMap((file) => {
      const text = read(file);
      return outside.filter((needle) => needle.test(text)).map((needle) => `${file}: ${needle.source}`);
    });
    expect(citing).toEqual([]);
  });
});
