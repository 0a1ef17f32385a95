import type { PrismaClient } from '../../generated/prisma/client';
import { subscriberEventsOf, type TimelineFacts } from '../../shared/events/event-types';

type Transaction = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

/** A timeline event as it is written: its business key and moment besides its facts. */
export interface WrittenTimelineEvent extends TimelineFacts {
  businessKey: string;
  at: Date;
}

/** The key of one subscriber event: its timeline event's key and its name (`sent` gives two). */
export const cloudEventKey = (timelineKey: string, name: string) => `${timelineKey}#event:${name}`;

/**
 * The event outbox, written with the transaction client that writes the timeline events, so an event exists
 * exactly when its timeline event does (a rollback takes both, a commit keeps both). Keyed by the timeline
 * event's business key: a retried write (an activity run again, the API's and the workflow's `submitted`) adds
 * nothing. Whose subscriptions it reaches is fixed now: the signal's submitters at this moment.
 */
export async function writeCloudEvents(
  tx: Transaction,
  signalId: string,
  events: readonly WrittenTimelineEvent[],
): Promise<void> {
  const derived = events.flatMap((event) =>
    subscriberEventsOf(event).map((subscriberEvent) => ({ event, subscriberEvent })),
  );
  if (derived.length === 0) return;
  const signal = await tx.signal.findUnique({
    where: { id: signalId },
    select: {
      reference: true,
      organisationId: true,
      coSubmitters: { where: { removedAt: null }, select: { organisationId: true } },
    },
  });
  if (!signal) return;
  const organisationIds = [signal.organisationId, ...signal.coSubmitters.map((co) => co.organisationId)];
  await tx.cloudEventOutbox.createMany({
    data: derived.map(({ event, subscriberEvent }) => ({
      businessKey: cloudEventKey(event.businessKey, subscriberEvent.name),
      eventName: subscriberEvent.name,
      signalId,
      organisationIds,
      time: event.at,
      data: { signalId, reference: signal.reference, ...subscriberEvent.data },
    })),
    skipDuplicates: true,
  });
}
