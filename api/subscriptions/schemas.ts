import { z } from 'zod';
import { SUBSCRIBABLE_EVENTS } from '../../shared/events/event-types';
import { instantOut, text } from '../http/text';
import type { SubscriptionRow } from './service';

export const subscriptionPath = (id: string) => `/api/v1/subscriptions/${id}`;

// RFC 6750's b64token: what a Bearer token may hold.
const BEARER_TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

export const subscribeBody = z
  .object({
    endpoint: z.string().max(2000).meta({
      description:
        'Where the events go: an https:// address that accepts CloudEvents (HTTP binding, structured mode) by POST.',
      format: 'uri',
      example: 'https://events.riec-nh.example/signaalloket',
    }),
    eventTypes: z
      .array(z.enum(SUBSCRIBABLE_EVENTS))
      .min(1)
      .max(SUBSCRIBABLE_EVENTS.length)
      .meta({ description: 'The events to receive (each at most once).' }),
    token: z
      .string()
      .min(16)
      .max(4096)
      .regex(BEARER_TOKEN, 'must be a Bearer token (RFC 6750 characters)')
      .meta({
        description:
          'The Bearer token each delivery carries in `Authorization`, chosen by the subscriber (at least 16 characters). Stored encrypted; never shown again.',
        writeOnly: true,
      }),
    description: text(200, 'A note for the subscriber’s own administration.').optional(),
  })
  .strict();

export const subscriptionIdParams = z
  .object({ subscriptionId: z.uuid().meta({ description: 'The subscription’s id (UUID).' }) })
  .strict();

export const subscriptionSchema = z
  .object({
    id: z.uuid(),
    endpoint: z.string().meta({ format: 'uri' }),
    eventTypes: z.array(z.enum(SUBSCRIBABLE_EVENTS)),
    scope: z.enum(['own_signals', 'all_signals']).meta({
      description:
        '`own_signals`: the signals the organisation submitted or co-submits; `all_signals`: every signal (coordinators).',
    }),
    status: z.enum(['active', 'retired', 'deleted']).meta({
      description:
        '`retired`: the endpoint answered 410 Gone and gets nothing more; `deleted`: ended by its owner.',
    }),
    description: z.string().nullable(),
    createdAt: instantOut('When it was made.'),
    endedAt: instantOut('When it was retired or deleted.').nullable(),
    endedReason: z.string().nullable(),
    links: z.object({ self: z.string().meta({ format: 'uri-reference' }) }),
  })
  .meta({ id: 'EventSubscription' });

export const subscriptionListSchema = z.object({ items: z.array(subscriptionSchema) });

export function presentSubscription(row: SubscriptionRow): z.infer<typeof subscriptionSchema> {
  return {
    id: row.id,
    endpoint: row.endpoint,
    eventTypes: row.eventTypes as z.infer<typeof subscriptionSchema>['eventTypes'],
    scope: row.userId ? 'all_signals' : 'own_signals',
    status: row.status,
    description: row.description,
    createdAt: row.createdAt.toISOString(),
    endedAt: row.endedAt?.toISOString() ?? null,
    endedReason: row.endedReason,
    links: { self: subscriptionPath(row.id) },
  };
}
