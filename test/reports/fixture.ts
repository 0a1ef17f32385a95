import crypto from 'node:crypto';
import type { PrismaClient } from '../../generated/prisma/client';
import { ministryCaseWorkflowId, signalWorkflowId } from '../../shared/ids';
import type { MinistryCaseStatus, SignalStatus } from '../../shared/lifecycle';
import type { FollowUpProgress } from '../../shared/follow-up';
import type { RecommendationOutcome } from '../../shared/recommendation-outcomes';
import { amsterdamInstant } from '../../shared/working-days';
import { seedReferenceData } from '../../scripts/seed/demo';
import { createTestDatabase, type TestDatabase } from '../support/database';

/**
 * Read-model rows written directly, for report tests with known answers (no workflow involved). A moment is a
 * calendar date (noon in Amsterdam) or, for tests at a year's edge, an ISO instant.
 */
export const at = (moment: string | undefined): Date | null =>
  !moment ? null : moment.includes('T') ? new Date(moment) : amsterdamInstant(moment, 12);

export interface FixtureCase {
  code: string;
  status: MinistryCaseStatus;
  ack?: string;
  /** Cases with the same replyKey share one (joint) reply. */
  reply?: string;
  replyKey?: string;
  /** When the loket forwarded that reply to the submitters (the first case of a joint reply says). */
  forwarded?: string;
  /** The ministry's follow-up report of the recommendations it took up. */
  followUp?: { progress: FollowUpProgress; reported: string };
}

/** A recommendation with, per ministry code, its outcome and when it was recorded (absent: open). */
export interface FixtureRecommendation {
  outcomes?: Record<string, { outcome: RecommendationOutcome; decided: string }>;
}

export interface FixtureSignal {
  reference: string;
  organisation: string;
  title?: string;
  status: SignalStatus;
  submitted: string;
  sent?: string;
  closed?: string;
  withdrawn?: string;
  nextDeadline?: string;
  nextDeadlineKind?: string;
  cases?: FixtureCase[];
  recommendations?: FixtureRecommendation[];
}

export async function insertSignal(prisma: PrismaClient, s: FixtureSignal): Promise<string> {
  const id = crypto.randomUUID();
  const organisation = await prisma.organisation.findUniqueOrThrow({ where: { code: s.organisation } });
  await prisma.signal.create({
    data: {
      id,
      reference: s.reference,
      organisationId: organisation.id,
      title: s.title ?? `Signaal ${s.reference}`,
      summary: `Samenvatting van ${s.reference}`,
      content: `Inhoud van ${s.reference}`,
      status: s.status,
      workflowId: signalWorkflowId(id),
      workflowStartedAt: new Date(),
      submittedAt: at(s.submitted)!,
      sentAt: at(s.sent),
      closedAt: at(s.closed),
      nextDeadlineAt: s.nextDeadline ? new Date(s.nextDeadline) : null,
      nextDeadlineKind: s.nextDeadlineKind ?? null,
    },
  });
  const replies = new Map<string, string>();
  for (const c of s.cases ?? []) {
    let replyId: string | null = null;
    if (c.reply) {
      const key = c.replyKey ?? c.code;
      replyId = replies.get(key) ?? null;
      if (!replyId) {
        replyId = crypto.randomUUID();
        replies.set(key, replyId);
        await prisma.reply.create({
          data: {
            id: replyId,
            signalId: id,
            businessKey: `fixture:${id}:${key}`,
            text: 'Reactie',
            channel: 'post',
            receivedAt: at(c.reply)!,
            forwardedAt: at(c.forwarded),
            actorLabel: 'test',
          },
        });
      }
    }
    const ministry = await prisma.ministry.findUniqueOrThrow({ where: { code: c.code } });
    await prisma.ministryCase.create({
      data: {
        signalId: id,
        ministryId: ministry.id,
        workflowId: ministryCaseWorkflowId(id, c.code),
        status: c.status,
        sentAt: at(s.sent)!,
        acknowledgedAt: at(c.ack),
        repliedAt: at(c.reply),
        replyId,
        ...(c.followUp
          ? { followUpProgress: c.followUp.progress, followUpReportedAt: at(c.followUp.reported) }
          : {}),
      },
    });
  }
  for (const [index, r] of (s.recommendations ?? []).entries()) {
    const recommendation = await prisma.recommendation.create({
      data: { signalId: id, position: index + 1, text: `Aanbeveling ${index + 1} van ${s.reference}` },
    });
    for (const c of s.cases ?? []) {
      const ministry = await prisma.ministry.findUniqueOrThrow({ where: { code: c.code } });
      const decided = r.outcomes?.[c.code];
      await prisma.recommendationOutcome.create({
        data: {
          recommendationId: recommendation.id,
          ministryId: ministry.id,
          outcome: decided?.outcome ?? 'open',
          decidedAt: at(decided?.decided),
          ...(decided?.outcome === 'not_adopted' ? { reason: 'Geen wettelijke basis.' } : {}),
        },
      });
    }
  }
  if (s.withdrawn) {
    await prisma.signalEvent.create({
      data: {
        signalId: id,
        businessKey: `fixture:${id}:withdrawn`,
        type: 'withdrawn',
        actorType: 'coordinator',
        actorLabel: 'test',
        at: at(s.withdrawn)!,
      },
    });
  }
  return id;
}

/**
 * A database of the file's own with the reference data (organisations, ministries) and these signals, made before
 * its tests and dropped after them. The database is empty until `beforeAll` has run, so tests read `db.prisma` only
 * when they run.
 */
export function useFixtureDatabase(signals: FixtureSignal[]): TestDatabase {
  const db = {} as TestDatabase;
  beforeAll(async () => {
    Object.assign(db, await createTestDatabase());
    await seedReferenceData(db.prisma);
    for (const signal of signals) await insertSignal(db.prisma, signal);
  });
  afterAll(() => db.drop?.());
  return db;
}
