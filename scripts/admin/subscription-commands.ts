import fs from 'node:fs';
import type { PrismaClient } from '../../generated/prisma/client';
import {
  createSubscription,
  deleteSubscription,
  endpointRefusal,
  listSubscriptions,
  type SubscriptionOwner,
} from '../../api/subscriptions/service';
import { ConfigError, parseEnvironment } from '../../shared/config';
import { resolveEvents, type EventsConfig } from '../../shared/events/config';
import { SUBSCRIBABLE_EVENTS, type SubscribableEvent } from '../../shared/events/event-types';
import { withStoredResponseLinkSecret } from '../../shared/response-link-secret';
import { UUID_PATTERN } from '../../shared/ids';
import { AdminError } from './commands';

/**
 * The admin CLI's subscriptions to events (issue 20): the same service as the API, for an organisation (its own
 * signals) or a coordinator (every signal). The token comes from a file (or stdin), never the command line, which
 * shell histories and process lists keep.
 */

/**
 * The events key as the API and the worker have it: EVENTS_TOKEN_KEY, or derived from RESPONSE_LINK_SECRET (from
 * a local `npm start`'s data folder when unset). Without either, a token sealed here could not be opened there.
 */
export function eventsConfigForAdmin(env: NodeJS.ProcessEnv): EventsConfig {
  const parsed = withStoredResponseLinkSecret(parseEnvironment(env));
  const secret = parsed.EVENTS_TOKEN_KEY ?? parsed.RESPONSE_LINK_SECRET;
  if (!secret) {
    throw new ConfigError(
      'subscriptions need the key the worker uses: set EVENTS_TOKEN_KEY or RESPONSE_LINK_SECRET as for the API and worker (or run beside npm start)',
    );
  }
  return resolveEvents(parsed, secret);
}

async function ownerOf(
  prisma: PrismaClient,
  input: { org?: string; user?: string },
): Promise<SubscriptionOwner> {
  if (Boolean(input.org) === Boolean(input.user)) throw new AdminError('name either --org or --user');
  if (input.org) {
    const organisation = await prisma.organisation.findFirst({
      where: { code: { equals: input.org, mode: 'insensitive' } },
    });
    if (!organisation) throw new AdminError(`no organisation with code ${input.org}`);
    return { organisationId: organisation.id };
  }
  const user = await prisma.user.findUnique({ where: { email: input.user!.toLowerCase() } });
  if (!user) throw new AdminError(`no user with e-mail address ${input.user}`);
  if (user.role === 'admin')
    throw new AdminError('only coordinators and the loket lead subscribe to every signal');
  return { userId: user.id };
}

function eventTypes(list: string): SubscribableEvent[] {
  const names = list
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = names.filter((name) => !(SUBSCRIBABLE_EVENTS as readonly string[]).includes(name));
  if (names.length === 0 || unknown.length > 0) {
    throw new AdminError(
      `--events takes a comma-separated list of: ${SUBSCRIBABLE_EVENTS.join(', ')}${unknown.length ? ` (unknown: ${unknown.join(', ')})` : ''}`,
    );
  }
  return names as SubscribableEvent[];
}

function readToken(file: string): string {
  const token = fs.readFileSync(file === '-' ? 0 : file, 'utf8').trim();
  if (!/^[A-Za-z0-9\-._~+/]+=*$/.test(token) || token.length < 16 || token.length > 4096) {
    throw new AdminError('the token file must hold one Bearer token of at least 16 characters (RFC 6750)');
  }
  return token;
}

export async function subscribe(
  prisma: PrismaClient,
  events: EventsConfig,
  input: {
    org?: string;
    user?: string;
    endpoint: string;
    events: string;
    tokenFile: string;
    description?: string;
  },
) {
  const refusal = endpointRefusal(input.endpoint, events);
  if (refusal) throw new AdminError(`--endpoint ${refusal}`);
  const owner = await ownerOf(prisma, input);
  return createSubscription(prisma, events, owner, {
    endpoint: input.endpoint,
    eventTypes: eventTypes(input.events),
    token: readToken(input.tokenFile),
    ...(input.description ? { description: input.description } : {}),
  });
}

export async function subscriptionsOf(prisma: PrismaClient, input: { org?: string; user?: string }) {
  return listSubscriptions(prisma, await ownerOf(prisma, input));
}

export async function unsubscribe(prisma: PrismaClient, input: { org?: string; user?: string; id: string }) {
  if (!UUID_PATTERN.test(input.id))
    throw new AdminError(`--id must be a subscription id (UUID): ${input.id}`);
  const ended = await deleteSubscription(prisma, await ownerOf(prisma, input), input.id, new Date());
  if (!ended) throw new AdminError(`no subscription ${input.id} of that owner`);
  return ended;
}
