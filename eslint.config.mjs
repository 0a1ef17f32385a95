// Type-checked lint for the whole project, the determinism fence around workflows/, and the import directions
// between the top-level folders (docs/architecture.md#folders-and-import-directions).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'assert',
  'buffer',
  'child_process',
  'cluster',
  'crypto',
  'dgram',
  'dns',
  'events',
  'fs',
  'fs/promises',
  'http',
  'http2',
  'https',
  'net',
  'os',
  'path',
  'perf_hooks',
  'process',
  'readline',
  'stream',
  'timers',
  'tls',
  'url',
  'util',
  'v8',
  'vm',
  'worker_threads',
  'zlib',
];

/**
 * A relative import that climbs into one of the given top-level folders (`../api/app`, `../../scripts/x`). A regex
 * rather than a glob so that packages such as `@temporalio/worker` never match a folder called `worker`.
 */
const intoFolders = (folders) => `^(\\.\\./)+(${folders.join('|')})(/|$)`;

const ARCHITECTURE = 'See docs/architecture.md#folders-and-import-directions.';

/** Which top-level folders each folder may not import from; everything not listed here is allowed. */
const forbiddenImports = {
  shared: {
    folders: [
      'activities',
      'api',
      'worker',
      'workflows',
      'scripts',
      'reports',
      'prisma',
      'generated',
      'test',
    ],
    why: 'shared/ is the bottom layer: it imports only other shared/ modules and packages.',
  },
  prisma: {
    folders: ['activities', 'api', 'worker', 'workflows', 'scripts', 'reports', 'shared', 'test'],
    why: 'prisma/ wraps the generated client only.',
  },
  reports: {
    folders: ['activities', 'api', 'worker', 'workflows', 'scripts', 'test'],
    why: 'reports/ computes figures from the read model; it imports shared/ and the generated client only.',
  },
  activities: {
    folders: ['api', 'worker', 'workflows', 'scripts', 'test'],
    why: 'activities/ gets its clients injected; it imports shared/, prisma/ and the generated client only.',
  },
  worker: {
    folders: ['api', 'scripts', 'test'],
    why: 'worker/ composes activities and workflows; it never reaches into the API or the scripts.',
  },
  api: {
    folders: ['workflows', 'scripts', 'test'],
    why: 'api/ talks to workflows through the Temporal client and shared/ messages; scripts/ and test/ build on it, never the reverse.',
  },
};

const importDirections = Object.entries(forbiddenImports).map(([folder, { folders, why }]) => ({
  files: [`${folder}/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      { patterns: [{ regex: intoFolders(folders), message: `${why} ${ARCHITECTURE}` }] },
    ],
  },
}));

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      '.tools/**',
      '.data/**',
      'generated/**',
      'scratch/**',
      'coverage/**',
      'docs/**',
      '**/*.js',
      '**/*.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Workflow code is replayed: it may import only Temporal's workflow APIs, pure shared code, and activity *types*.
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...nodeBuiltins.flatMap((name) => [
              { name, message: 'Node built-ins are not deterministic; use an activity.' },
              { name: `node:${name}`, message: 'Node built-ins are not deterministic; use an activity.' },
            ]),
            { name: 'express', message: 'No I/O in workflow code.' },
            { name: 'nodemailer', message: 'No I/O in workflow code; send mail from an activity.' },
            { name: 'pg', message: 'No I/O in workflow code.' },
            { name: '@temporalio/client', message: 'Workflows use @temporalio/workflow only.' },
            { name: '@temporalio/worker', message: 'Workflows use @temporalio/workflow only.' },
            { name: '@temporalio/activity', message: 'Workflows use @temporalio/workflow only.' },
            {
              name: 'date-holidays',
              message: 'Compute working days in an activity; the result travels in history.',
            },
          ],
          patterns: [
            { group: ['node:*'], message: 'Node built-ins are not deterministic; use an activity.' },
            { group: ['@prisma/*', '**/generated/**'], message: 'No database access in workflow code.' },
            {
              group: ['**/api/**', '**/worker/**', '**/scripts/**'],
              message: 'Workflows import only shared code.',
            },
            {
              group: ['**/activities', '**/activities/**'],
              allowTypeImports: true,
              message: 'Import activities with `import type` and call them through proxyActivities.',
            },
            {
              regex: intoFolders(['reports', 'prisma', 'test']),
              message: `Workflows import only shared code. ${ARCHITECTURE}`,
            },
            {
              regex: '^(\\.\\./)+shared/runtime-file$',
              message: 'shared/runtime-file reads the disk; workflow code must stay deterministic.',
            },
          ],
        },
      ],
    },
  },
  ...importDirections,
  {
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);
