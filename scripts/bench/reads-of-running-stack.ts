/**
 * The scale benchmark's reads (dashboard list filters and the annual report) against a stack that is already
 * running, at whatever size it has: for a long build (`BENCH_OPEN_SIGNALS=100000`) that has to stop before its
 * end. Pause the build's load generator and worker first (SIGSTOP) so the reads run on a quiet machine.
 *
 *   READS_DATABASE_URL=… READS_API_URL=http://127.0.0.1:PORT npx tsx scripts/bench/reads-of-running-stack.ts
 *
 * It adds ten API keys of the bench's coordinator (coordinator@liec.example) to that database and prints a table.
 */
import { createPrismaClient } from '../../prisma/client';
import { createKey } from '../admin/commands';
import { readsTable } from './report';
import { measureReads } from './scale';

async function main(): Promise<void> {
  const databaseUrl = process.env.READS_DATABASE_URL;
  const apiUrl = process.env.READS_API_URL;
  if (!databaseUrl || !apiUrl) throw new Error('set READS_DATABASE_URL and READS_API_URL');
  const prisma = createPrismaClient(databaseUrl);
  try {
    const keys: string[] = [];
    for (let k = 0; k < 10; k++)
      keys.push((await createKey(prisma, { user: 'coordinator@liec.example' })).key);
    const byStatus = await prisma.signal.groupBy({ by: ['status'], _count: true });
    const ministryCases = await prisma.ministryCase.count();
    const reads = await measureReads(apiUrl, keys, 60, () => undefined);
    const sizes = byStatus.map((s) => `${s.status} ${s._count}`).join(', ');
    process.stdout.write(
      [
        `Read model: ${sizes}; ${ministryCases} ministry cases.`,
        '',
        ...readsTable(reads.list, reads.annualReport),
      ].join('\n') + '\n',
    );
  } finally {
    await prisma.$disconnect();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
