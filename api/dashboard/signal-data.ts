import type { PrismaClient } from '../../generated/prisma/client';
import { listResponseLinks, type ResponseLinkView } from '../../activities/mail';
import { submittersInclude } from '../../prisma/signal-submitters';
import { recommendationsInclude } from '../recommendations/present';

/** Everything the signal page shows, read from the read model in one go. */
export async function loadSignalDetail(prisma: PrismaClient, signalId: string, now: Date) {
  const signal = await prisma.signal.findUnique({
    where: { id: signalId },
    include: {
      organisation: true,
      coSubmitters: submittersInclude.coSubmitters,
      cases: {
        include: {
          ministry: {
            include: { contacts: { where: { active: true }, orderBy: [{ role: 'asc' }, { name: 'asc' }] } },
          },
          reply: true,
        },
        orderBy: { ministry: { code: 'asc' } },
      },
      replies: {
        orderBy: { receivedAt: 'asc' },
        include: { cases: { include: { ministry: { select: { code: true } } } }, documents: true },
      },
      documents: { orderBy: { position: 'asc' } },
      recommendations: recommendationsInclude,
      events: { orderBy: [{ at: 'asc' }, { id: 'asc' }] },
      // How many persons the submitter marked, not who: their names are on a page of their own, whose every
      // view is recorded in the processing log (api/concerned-persons/read.ts).
      _count: { select: { concernedPersons: true } },
    },
  });
  if (!signal) return null;
  const [mails, links, ministries] = await Promise.all([
    prisma.mailOutbox.findMany({
      where: { signalId },
      orderBy: { createdAt: 'asc' },
      select: {
        id: true,
        template: true,
        toAddress: true,
        subject: true,
        status: true,
        createdAt: true,
        sentAt: true,
        attempts: true,
      },
    }),
    listResponseLinks(prisma, signalId, now),
    prisma.ministry.findMany({
      orderBy: { code: 'asc' },
      include: { contacts: { where: { active: true }, orderBy: [{ role: 'asc' }, { name: 'asc' }] } },
    }),
  ]);
  return { signal, mails, links, ministries };
}

export type SignalDetail = NonNullable<Awaited<ReturnType<typeof loadSignalDetail>>>;
export type { ResponseLinkView };

/** Changes whenever anything the page shows changes: the live view compares it. */
export function detailVersion(detail: SignalDetail): string {
  const { signal, mails, links } = detail;
  const linkStamp = links
    .map((l) => `${l.id}:${l.lastOpenedAt?.getTime() ?? 0}:${l.lastUsedAt?.getTime() ?? 0}:${l.state}`)
    .join(',');
  const mailStamp = mails.map((m) => `${m.id}:${m.status}`).join(',');
  const caseStamp = signal.cases.map((c) => `${c.status}:${c.stateVersion}:${c.escalationCount}`).join(',');
  return [signal.status, signal.stateVersion, signal.events.length, caseStamp, mailStamp, linkStamp].join(
    '|',
  );
}

/** A signal's id and reference, for a page about one part of it (e.g. the persons it concerns); null if none. */
export async function loadSignalHeading(prisma: PrismaClient, signalId: string) {
  return prisma.signal.findUnique({ where: { id: signalId }, select: { id: true, reference: true } });
}
