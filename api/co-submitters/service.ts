import crypto from 'node:crypto';
import type { PrismaClient } from '../../generated/prisma/client';
import { violatesConstraint } from '../../prisma/constraints';
import { currentSubmitters, type SignalSubmitter } from '../../prisma/signal-submitters';
import type { Actor } from '../../shared/lifecycle';
import { problem } from '../http/problem';

/** Timeline events of the co-submitters (SignalEvent.type; written by the API, not by a workflow). */
export const CO_SUBMITTER_ADDED_EVENT = 'co_submitter_added';
export const CO_SUBMITTER_REMOVED_EVENT = 'co_submitter_removed';

const ONE_CURRENT_KEY = 'SignalCoSubmitter_one_current_key';

export interface CoSubmitterChange {
  signal: { id: string; reference: string; organisationId: string };
  organisationCode: string;
  actor: Actor;
  now: Date;
}

async function organisationByCode(prisma: PrismaClient, code: string) {
  return prisma.organisation.findFirst({
    where: { code: { equals: code, mode: 'insensitive' } },
    select: { id: true, code: true, name: true },
  });
}

function eventData(organisation: { code: string; name: string }, actor: Actor) {
  return {
    organisationCode: organisation.code,
    organisationName: organisation.name,
    ...(actor.id ? { actorId: actor.id } : {}),
  };
}

/**
 * Adds an organisation as co-submitter: from now on it sees the signal and gets the submitters' mails. The row and
 * its timeline event are one transaction; the partial unique index makes a concurrent twin a 409, not a second row.
 */
export async function addCoSubmitter(
  prisma: PrismaClient,
  change: CoSubmitterChange,
): Promise<SignalSubmitter[]> {
  const { signal, actor, now } = change;
  const organisation = await organisationByCode(prisma, change.organisationCode);
  if (!organisation) {
    throw problem.field('organisationCode', `no organisation with code ${change.organisationCode}`);
  }
  if (organisation.id === signal.organisationId) {
    throw problem.conflict(
      `${organisation.code} is the lead submitter of ${signal.reference}, not a co-submitter.`,
    );
  }
  const id = crypto.randomUUID();
  try {
    await prisma.$transaction([
      prisma.signalCoSubmitter.create({
        data: {
          id,
          signalId: signal.id,
          organisationId: organisation.id,
          addedAt: now,
          addedBy: actor.label,
        },
      }),
      prisma.signalEvent.create({
        data: {
          signalId: signal.id,
          businessKey: `co-submitter:${id}:added`,
          type: CO_SUBMITTER_ADDED_EVENT,
          actorType: actor.type,
          actorLabel: actor.label,
          at: now,
          data: eventData(organisation, actor),
        },
      }),
    ]);
  } catch (error) {
    if (!violatesConstraint(error, ONE_CURRENT_KEY)) throw error;
    throw problem.conflict(`${organisation.code} is a co-submitter of ${signal.reference} already.`);
  }
  return currentSubmitters(prisma, signal.id);
}

/**
 * Ends an organisation's co-submission: it stops seeing the signal and getting its mails at once. The row stays
 * (removedAt, removedBy) for the audit trail; the lead cannot be removed.
 */
export async function removeCoSubmitter(
  prisma: PrismaClient,
  change: CoSubmitterChange,
): Promise<SignalSubmitter[]> {
  const { signal, actor, now } = change;
  const organisation = await organisationByCode(prisma, change.organisationCode);
  if (organisation?.id === signal.organisationId) {
    throw problem.conflict(
      `${organisation.code} is the lead submitter of ${signal.reference}; the lead cannot be removed.`,
    );
  }
  const notCoSubmitter = problem.notFound(
    `${change.organisationCode} is not a co-submitter of ${signal.reference}.`,
  );
  if (!organisation) throw notCoSubmitter;
  await prisma.$transaction(async (tx) => {
    const current = await tx.signalCoSubmitter.findFirst({
      where: { signalId: signal.id, organisationId: organisation.id, removedAt: null },
      select: { id: true },
    });
    // The conditional update decides a race between two removals: only one of them ends the row.
    const ended = current
      ? await tx.signalCoSubmitter.updateMany({
          where: { id: current.id, removedAt: null },
          data: { removedAt: now, removedBy: actor.label },
        })
      : { count: 0 };
    if (!current || ended.count === 0) throw notCoSubmitter;
    await tx.signalEvent.create({
      data: {
        signalId: signal.id,
        businessKey: `co-submitter:${current.id}:removed`,
        type: CO_SUBMITTER_REMOVED_EVENT,
        actorType: actor.type,
        actorLabel: actor.label,
        at: now,
        data: eventData(organisation, actor),
      },
    });
  });
  return currentSubmitters(prisma, signal.id);
}
