import fs from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { createPrismaClient } from '../prisma/client';
import { parseEnvironment } from '../shared/config';
import { TASK_QUEUE } from '../shared/ids';
import { dataDirOf, readRuntimeFile } from '../shared/runtime-file';
import { importSignals, type ImportDeps, type ImportResult } from './import/import-signals';
import { importFileFormat, parseImportFile } from './import/records';
import { lineLocator } from './import/source-lines';
import { adminProcessingLog } from './admin/processing-log';

export { importSignals } from './import/import-signals';
export type { ImportDeps, ImportOutcome, ImportResult } from './import/import-signals';
export { importRecordSchema, parseImportFile, parseCsv, csvRowToRecord } from './import/records';
export type { ImportRecord, ImportRecordInput } from './import/records';

const USAGE = `Usage: npx tsx scripts/import.ts <signals.csv|signals.json> [--dry-run]

Imports existing signals with their historic dates. Closed ones become history; open ones start their lifecycle
at the stage they are in, with their real deadlines. Signals whose reference exists already are skipped.
Documents (a signal's "documents", a reply's "documents") are paths relative to the import file: PDF, DOCX, ODT
or plain text, checked like uploads. Every record is checked first; when one is invalid nothing is imported.
A record's "concernedPersons" (JSON only) are recorded in the processing log: that needs PROCESSING_LOG_KEY or
RESPONSE_LINK_SECRET as the API and worker have them.

Uses DATABASE_URL and TEMPORAL_ADDRESS; unset, the embedded services of a running \`npm start\`.`;

export function describeResult(result: ImportResult, dryRun: boolean): string {
  const lines = result.outcomes.map((outcome) => {
    const label = `#${outcome.index + 1}${'reference' in outcome && outcome.reference ? ` ${outcome.reference}` : ''}`;
    if (outcome.status === 'imported') return `  imported ${label} (${outcome.stage})`;
    if (outcome.status === 'skipped') return `  skipped  ${label}: ${outcome.reason}`;
    return `  invalid  ${label}:\n${outcome.errors.map((e) => `      - ${e}`).join('\n')}`;
  });
  const verdict =
    result.invalid > 0
      ? `${result.invalid} invalid record(s): nothing was imported.`
      : dryRun
        ? 'Dry run: every record is valid; nothing was imported.'
        : `${result.imported} imported, ${result.skipped} skipped.`;
  return [...lines, verdict].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const dryRun = argv.includes('--dry-run');
  const files = argv.filter((arg) => !arg.startsWith('--'));
  if (files.length !== 1 || argv.includes('--help')) {
    console.error(USAGE);
    return files.length === 1 ? 0 : 2;
  }
  const file = path.resolve(files[0]!);
  const text = fs.readFileSync(file, 'utf8');
  const records = parseImportFile(text, file);
  const env = parseEnvironment();
  const running = readRuntimeFile(dataDirOf(env));
  const databaseUrl = env.DATABASE_URL ?? running.databaseUrl;
  if (!databaseUrl)
    throw new Error('set DATABASE_URL, or start the embedded services first with `npm start`');
  const prisma = createPrismaClient(databaseUrl);
  let connection: Connection | undefined;
  try {
    const deps: ImportDeps = {
      prisma,
      taskQueue: env.TEMPORAL_TASK_QUEUE ?? TASK_QUEUE,
      // Documents are named by paths relative to the import file; errors say where the file names them.
      documents: {
        baseDir: path.dirname(file),
        source: { file, locate: lineLocator(text, importFileFormat(text, file)) },
        maxBytes: env.DOCUMENT_MAX_BYTES,
        maxPerSignal: env.DOCUMENT_MAX_PER_SIGNAL,
      },
    };
    // Check the whole file first: an invalid one needs no Temporal and imports nothing.
    const checked = await importSignals(deps, records, { dryRun: true });
    if (dryRun || checked.invalid > 0) {
      console.log(describeResult(checked, dryRun));
      return checked.invalid > 0 ? 1 : 0;
    }
    // Persons a record marks are recorded in the processing log, under the pseudonyms API and worker write.
    if (records.some((record) => (record.concernedPersons?.length ?? 0) > 0))
      deps.processingLog = adminProcessingLog(process.env);
    connection = await Connection.connect({
      address: env.TEMPORAL_ADDRESS ?? running.temporalAddress ?? `127.0.0.1:${env.TEMPORAL_PORT}`,
    });
    deps.temporal = new Client({ connection, namespace: env.TEMPORAL_NAMESPACE });
    const result = await importSignals(deps, records);
    console.log(describeResult(result, false));
    return result.invalid > 0 ? 1 : 0;
  } finally {
    await connection?.close();
    await prisma.$disconnect();
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
