import crypto from 'node:crypto';
import type { Database } from '../../prisma/client';
import { signalWorkflowId } from '../../shared/ids';

/** A minimal, realistic world for the lifecycle: one RIEC, two ministries with contacts, a coordinator and a lead. */
export async function seedWorld(
  prisma: Database,
): Promise<{ organisationId: string; organisationCode: string }> {
  const organisation = await prisma.organisation.create({
    data: { code: 'RIEC-ON', name: 'RIEC Oost-Nederland', notifyEmail: 'signalen@riec-on.example' },
  });
  for (const [code, name, nameEn] of [
    ['JenV', 'Ministerie van Justitie en Veiligheid', 'Ministry of Justice and Security'],
    ['BZ', 'Ministerie van Buitenlandse Zaken', 'Ministry of Foreign Affairs'],
  ] as const) {
    await prisma.ministry.create({
      data: {
        code,
        name,
        nameEn,
        contacts: {
          create: [
            { role: 'contact', name: `Contact ${code}`, email: `contact@${code.toLowerCase()}.example` },
            { role: 'escalation', name: `SG ${code}`, email: `sg@${code.toLowerCase()}.example` },
          ],
        },
      },
    });
  }
  await prisma.user.create({ data: { email: 'loket@liec.example', name: 'Loket', role: 'coordinator' } });
  await prisma.user.create({ data: { email: 'lead@liec.example', name: 'Lead', role: 'lead' } });
  return { organisationId: organisation.id, organisationCode: organisation.code };
}

let counter = 0;

/** The Signal row the API writes before it starts the workflow. */
export async function createSignalRow(prisma: Database, organisationId: string): Promise<string> {
  const id = crypto.randomUUID();
  counter += 1;
  await prisma.signal.create({
    data: {
      id,
      reference: `BS-2026-${String(9000 + counter).padStart(4, '0')}-${id.slice(0, 4)}`,
      organisationId,
      title: 'Misbruik van visumprocedure',
      summary: 'Samenvatting',
      content: 'Vertrouwelijke inhoud die nooit in Temporal terecht mag komen.',
      workflowId: signalWorkflowId(id),
      submittedAt: new Date(),
      submitterEmail: 'signalen@riec-on.example',
    },
  });
  return id;
}
