/**
 * The events subscribers may receive (issue 20): what happened to a signal, derived from its timeline. Each
 * becomes a CloudEvent of the NL GOV profile with a reverse-DNS `type` that carries a version, so a later change
 * of an event's data is a new type (`…v2`) beside the old one, never a silent change of it.
 */
export const SUBSCRIBABLE_EVENTS = [
  'submitted',
  'review_decided',
  'sent',
  'acknowledged',
  'reply_forwarded',
  'closed',
  'withdrawn',
  'deadline_passed',
] as const;
export type SubscribableEvent = (typeof SUBSCRIBABLE_EVENTS)[number];

/** The reverse-DNS prefix of every event type: the LIEC's signaalloket, about a signal. */
export const CLOUD_EVENT_TYPE_PREFIX = 'nl.liec.signaalloket.signal';

/** `review_decided` → `nl.liec.signaalloket.signal.review-decided.v1`. */
export function cloudEventType(name: SubscribableEvent): string {
  return `${CLOUD_EVENT_TYPE_PREFIX}.${name.replace(/_/g, '-')}.v1`;
}

/** What the timeline holds of an event (SignalEvent / TimelineEvent): its type, ministry and details. */
export interface TimelineFacts {
  type: string;
  ministryCode?: string | null;
  data?: unknown;
}

/** One event for subscribers: its name and the references it adds to the signal's (ids, codes, dates). */
export interface DerivedEvent {
  name: SubscribableEvent;
  data: Record<string, unknown>;
}

const ESCALATED_CLOCKS: Record<string, string> = {
  review_escalated: 'review',
  amendment_escalated: 'amendment',
  ack_escalated: 'acknowledgement',
  reply_escalated: 'reply',
};

const field = (data: unknown, name: string): unknown =>
  data && typeof data === 'object' ? (data as Record<string, unknown>)[name] : undefined;

/** Only what is a reference: strings that are codes or ids, and arrays of them; anything else is left out. */
const references = (value: unknown): string[] | undefined =>
  Array.isArray(value) && value.every((item) => typeof item === 'string') ? value : undefined;

/**
 * The subscriber events a timeline event stands for (none for most: reminders, extensions, suspensions). An
 * allow-list of fields, so no reason, note, name or text a timeline event holds can reach a subscriber. A
 * ministry clock's escalation ladder passes its deadline once, at its first rung (level 1); the review and
 * amendment clocks escalate only once.
 */
export function subscriberEventsOf(event: TimelineFacts): DerivedEvent[] {
  const ministry = event.ministryCode ? { ministryCode: event.ministryCode } : {};
  switch (event.type) {
    case 'submitted':
      return [{ name: 'submitted', data: {} }];
    case 'changes_requested':
      return [{ name: 'review_decided', data: { decision: 'request_changes' } }];
    case 'rejected':
      return [{ name: 'review_decided', data: { decision: 'reject' } }];
    case 'sent': {
      const ministryCodes = references(field(event.data, 'ministryCodes'));
      const codes = ministryCodes ? { ministryCodes } : {};
      return [
        { name: 'review_decided', data: { decision: 'accept', ...codes } },
        { name: 'sent', data: codes },
      ];
    }
    case 'acknowledged':
      return [{ name: 'acknowledged', data: ministry }];
    case 'reply_forwarded': {
      const replyIds = references(field(event.data, 'replyIds'));
      const ministryCodes = references(field(event.data, 'ministryCodes'));
      return [
        {
          name: 'reply_forwarded',
          data: { ...(replyIds ? { replyIds } : {}), ...(ministryCodes ? { ministryCodes } : {}) },
        },
      ];
    }
    case 'closed':
      return [{ name: 'closed', data: {} }];
    case 'withdrawn':
      return [{ name: 'withdrawn', data: {} }];
    default: {
      const clock = ESCALATED_CLOCKS[event.type];
      if (!clock) return [];
      const level = field(event.data, 'level');
      if (level !== undefined && level !== 1) return [];
      const dueAt = field(event.data, 'dueAt');
      return [
        {
          name: 'deadline_passed',
          data: { clock, ...ministry, ...(typeof dueAt === 'string' ? { dueAt } : {}) },
        },
      ];
    }
  }
}
