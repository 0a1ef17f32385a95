import type { ProcessingLog } from '../../activities/processing-log/record';
import type { Database } from '../../prisma/client';
import { createExampleMinistry, createKey, createOrganisation, createUser } from '../admin/commands';

/**
 * Ten RIECs with several API keys each (the benchmark spreads its load over the keys as ten regions with several
 * systems would; its API runs with the request budgets lifted), ministries with contacts, a coordinator.
 */
export interface BenchWorld {
  submitterKeys: string[];
  coordinatorKey: string;
  /** Several keys of the coordinator: the read benchmark makes more requests a minute than one key's budget. */
  coordinatorKeys: string[];
  organisationCodes: string[];
}

export async function seedBenchWorld(
  prisma: Database,
  log: ProcessingLog,
  keysPerOrganisation = 8,
): Promise<BenchWorld> {
  const organisationCodes: string[] = [];
  const submitterKeys: string[] = [];
  for (let i = 1; i <= 10; i++) {
    const code = `RIEC-${String(i).padStart(2, '0')}`;
    organisationCodes.push(code);
    await createOrganisation(prisma, { code, name: `RIEC ${i}`, email: `signalen@riec-${i}.example` });
    for (let k = 0; k < keysPerOrganisation; k++)
      submitterKeys.push((await createKey(prisma, { org: code })).key);
  }
  for (const [code, name] of [
    ['JenV', 'Ministerie van Justitie en Veiligheid'],
    ['BZ', 'Ministerie van Buitenlandse Zaken'],
    ['EZK', 'Ministerie van Economische Zaken en Klimaat'],
    ['BZK', 'Ministerie van Binnenlandse Zaken en Koninkrijksrelaties'],
  ] as const) {
    await createExampleMinistry(prisma, code, name, log);
  }
  await createUser(
    prisma,
    { email: 'coordinator@liec.example', name: 'Co Ordinator', role: 'coordinator' },
    log,
  );
  const coordinatorKeys: string[] = [];
  for (let k = 0; k < 20; k++)
    coordinatorKeys.push((await createKey(prisma, { user: 'coordinator@liec.example' })).key);
  return { submitterKeys, coordinatorKey: coordinatorKeys[0]!, coordinatorKeys, organisationCodes };
}

export function signalBody(i: number): Record<string, unknown> {
  return {
    title: `Benchmark-signaal ${i}: misbruik van een vergunningstelsel`,
    summary: 'Criminelen misbruiken een zwakte in de vergunningverlening; zie de aanbevelingen.',
    content: `Volledige tekst van signaal ${i}, met bevindingen uit een strafrechtelijk onderzoek. `.repeat(
      8,
    ),
    recommendations: ['Verscherp de toets bij de aanvraag.', 'Deel gegevens tussen de betrokken diensten.'],
  };
}
