import type { PrismaClient } from '../generated/prisma/client';
import type { MailActivities, NotifyInput } from '../shared/notifications';
import { createEventDeliveryActivities, type EventDeliveryDeps } from './events/deliver';
import { createClockActivities } from './lifecycle/clocks';
import { createReadModelActivities } from './lifecycle/read-model';

export { BusinessErrorType } from './lifecycle/errors';

export interface ActivityDeps {
  prisma: PrismaClient;
  /** The mail side (activities/mail/ createMailActivities): templates, addresses, response links, outbox. */
  mail: MailActivities;
  /** RESPONSE_LINK_VALID_DAYS: how long a contact's link works after the case ends (default 180). */
  responseLinkValidDays?: number;
  /** Delivery of events to subscribers (activities/events/); without it the worker delivers none. */
  events?: Omit<EventDeliveryDeps, 'prisma'>;
}

/**
 * Every activity the worker registers, built from injected dependencies (no client is created at import time).
 * Workflows import only the type.
 */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createClockActivities(deps.prisma),
    ...createReadModelActivities(
      deps.prisma,
      deps.responseLinkValidDays ? { responseLinkValidDays: deps.responseLinkValidDays } : {},
    ),
    notify: (input: NotifyInput): Promise<void> => deps.mail.notify(input),
    ...(deps.events ? createEventDeliveryActivities({ prisma: deps.prisma, ...deps.events }) : {}),
  };
}

export type LifecycleActivities = ReturnType<typeof createActivities>;
