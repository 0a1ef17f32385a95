import type { AppDeps } from '../deps';
import { PERMISSIONS } from '../auth/permissions';
import type { Principal } from '../auth/principal';
import { problem } from '../http/problem';
import { defineRoute, type AnyRoute } from '../http/route';
import {
  presentSubscription,
  subscribeBody,
  subscriptionIdParams,
  subscriptionListSchema,
  subscriptionPath,
  subscriptionSchema,
} from './schemas';
import {
  createSubscription,
  deleteSubscription,
  endpointRefusal,
  findSubscription,
  listSubscriptions,
  type SubscriptionOwner,
} from './service';

/** The principal owns what it subscribes: its organisation, or the coordinator in person. */
const ownerOf = (principal: Principal): SubscriptionOwner =>
  principal.kind === 'organisation'
    ? { organisationId: principal.organisationId }
    : { userId: principal.userId };

const notFound = (id: string) => problem.notFound(`There is no subscription ${id} of yours.`);

/** Subscriptions to events about signals (CloudEvents, NL GOV profile), issue 20. */
export function subscriptionRoutes(deps: AppDeps): AnyRoute[] {
  return [
    defineRoute({
      method: 'post',
      path: '/subscriptions',
      operationId: 'subscribe',
      summary: 'Subscribe an endpoint to events',
      description:
        'Organisations: events about the signals they submitted or co-submit; coordinators: about every signal. Each event is a CloudEvent (NL GOV profile: `specversion` 1.0, `id`, `source` urn:nld:oin:…, `type` nl.liec.signaalloket.signal.<event>.v1, `time`, `datacontenttype`) POSTed in structured mode with `Authorization: Bearer <token>`; its data holds references and links, never content or personal data. Delivery is at least once: de-duplicate by `id`. Retries back off and honour 429 `Retry-After`; 410 Gone retires the subscription. The endpoint must be https.',
      tags: ['Events'],
      roles: PERMISSIONS.subscribeToEvents,
      body: subscribeBody,
      success: {
        status: 201,
        description: 'Subscribed; events from now on go to the endpoint.',
        schema: subscriptionSchema,
        location: true,
      },
      errors: [],
      handler: async ({ principal, body }) => {
        const refusal = endpointRefusal(body.endpoint, deps.config.events);
        if (refusal) throw problem.field('endpoint', refusal);
        const row = await createSubscription(deps.prisma, deps.config.events, ownerOf(principal), {
          endpoint: body.endpoint,
          eventTypes: body.eventTypes,
          token: body.token,
          ...(body.description !== undefined ? { description: body.description } : {}),
        });
        return {
          status: 201,
          body: presentSubscription(row),
          headers: { Location: subscriptionPath(row.id) },
        };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/subscriptions',
      operationId: 'listSubscriptions',
      summary: 'List your subscriptions',
      description:
        'The caller’s own subscriptions (its organisation’s, or the coordinator’s), active and retired, newest first. Never the token.',
      tags: ['Events'],
      roles: PERMISSIONS.subscribeToEvents,
      success: { status: 200, description: 'The subscriptions.', schema: subscriptionListSchema },
      errors: [],
      handler: async ({ principal }) => ({
        status: 200,
        body: { items: (await listSubscriptions(deps.prisma, ownerOf(principal))).map(presentSubscription) },
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/subscriptions/{subscriptionId}',
      operationId: 'getSubscription',
      summary: 'One of your subscriptions',
      description: 'Another owner’s subscription answers 404, as one that does not exist.',
      tags: ['Events'],
      roles: PERMISSIONS.subscribeToEvents,
      params: subscriptionIdParams,
      success: { status: 200, description: 'The subscription.', schema: subscriptionSchema },
      errors: [404],
      handler: async ({ principal, params }) => {
        const row = await findSubscription(deps.prisma, ownerOf(principal), params.subscriptionId);
        if (!row) throw notFound(params.subscriptionId);
        return { status: 200, body: presentSubscription(row) };
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/subscriptions/{subscriptionId}',
      operationId: 'deleteSubscription',
      summary: 'End a subscription',
      description:
        'Nothing more is sent to the endpoint; deliveries on their way end without being sent. Another owner’s subscription answers 404.',
      tags: ['Events'],
      roles: PERMISSIONS.subscribeToEvents,
      params: subscriptionIdParams,
      success: { status: 200, description: 'The subscription, now deleted.', schema: subscriptionSchema },
      errors: [404],
      handler: async ({ principal, params, now }) => {
        const row = await deleteSubscription(deps.prisma, ownerOf(principal), params.subscriptionId, now);
        if (!row) throw notFound(params.subscriptionId);
        return { status: 200, body: presentSubscription(row) };
      },
    }),
  ];
}
