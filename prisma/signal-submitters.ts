import type { Prisma, PrismaClient } from '../generated/prisma/client';

/**
 * Who submitted a signal: its lead (Signal.organisationId) and its current co-submitters (SignalCoSubmitter rows
 * without removedAt). This module is the one answer to "whose signal is this?": the API's object-level checks and
 * lists, the mails to "the submitter", and forwarding a reply all ask it, so a co-submitter who is removed stops
 * seeing the signal and stops getting its mail at the same moment.
 */

export type SubmitterRole = 'lead' | 'co';

export interface SignalSubmitter {
  organisationId: string;
  code: string;
  name: string;
  role: SubmitterRole;
  /** Where its notifications about this signal go; null when the organisation has no mailbox on file. */
  notifyAddress: string | null;
}

/** The signals an organisation may see as a submitter: the lead's own, and those it currently co-submits. */
export function submittedBy(organisationId: string): Prisma.SignalWhereInput {
  return {
    OR: [{ organisationId }, { coSubmitters: { some: { organisationId, removedAt: null } } }],
  };
}

/** The same, by organisation code (case-insensitive): the lists' `organisation` filter. */
export function submittedByCode(code: string): Prisma.SignalWhereInput {
  const organisation = { code: { equals: code, mode: 'insensitive' as const } };
  return { OR: [{ organisation }, { coSubmitters: { some: { organisation, removedAt: null } } }] };
}

const organisationColumns = { id: true, code: true, name: true, notifyEmail: true } as const;

/** Include this on a Signal query to get what `submittersOf` needs. */
export const submittersInclude = {
  organisation: { select: organisationColumns },
  coSubmitters: {
    where: { removedAt: null },
    orderBy: [{ addedAt: 'asc' }, { id: 'asc' }],
    select: { organisation: { select: organisationColumns } },
  },
} satisfies Prisma.SignalInclude;

type OrganisationColumns = { id: string; code: string; name: string; notifyEmail: string | null };

export interface SubmittersRow {
  submitterEmail: string | null;
  organisation: OrganisationColumns;
  coSubmitters: Array<{ organisation: OrganisationColumns }>;
}

/**
 * Lead first, then the co-submitters in the order they were added. The lead's mail goes to the mailbox named at
 * submission (Signal.submitterEmail) or its organisation's; a co-submitter's to its organisation's.
 */
export function submittersOf(row: SubmittersRow): SignalSubmitter[] {
  const lead = row.organisation;
  return [
    {
      organisationId: lead.id,
      code: lead.code,
      name: lead.name,
      role: 'lead',
      notifyAddress: row.submitterEmail ?? lead.notifyEmail,
    },
    ...row.coSubmitters.map(({ organisation }) => ({
      organisationId: organisation.id,
      code: organisation.code,
      name: organisation.name,
      role: 'co' as const,
      notifyAddress: organisation.notifyEmail,
    })),
  ];
}

/** The current submitters of a signal (empty when there is no such signal). */
export async function currentSubmitters(
  prisma: Pick<PrismaClient, 'signal'>,
  signalId: string,
): Promise<SignalSubmitter[]> {
  const row = await prisma.signal.findUnique({
    where: { id: signalId },
    select: { submitterEmail: true, ...submittersInclude },
  });
  return row ? submittersOf(row) : [];
}
