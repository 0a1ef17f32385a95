import type { MailActivities, NotifyInput } from '../../shared/notifications';
import { resolveMailDeps, type MailDeps } from './deps';
import { createNotifier } from './notify';
import { createOutbox } from './outbox';

export { createOutboxDispatcher, type DispatcherOptions, type OutboxDispatcher } from './dispatcher';
export { createMailTransport } from './transport';
export {
  createResponseLinkService,
  listResponseLinks,
  ReissueError,
  type ResponseLinkView,
  type ReissueInput,
} from './links';
export { lookupResponseToken, revokeResponseLinks, type TokenLookup } from '../response-links/token-store';
export { hashResponseToken } from '../../shared/response-links/tokens';
export { DEFAULT_RETRY_POLICY, type MailDeps, type RetryPolicy, type Clock } from './deps';

/**
 * The notify activity: addresses from PostgreSQL, Dutch-first templates, personal response links, and the outbox.
 * A retried activity finds its rows by business key and sends nothing twice; an SMTP failure leaves the row
 * pending for createOutboxDispatcher, which the worker runs next to the Temporal worker.
 */
export function createMailActivities(deps: MailDeps): MailActivities {
  const resolved = resolveMailDeps(deps);
  const notifier = createNotifier(resolved, createOutbox(resolved));
  return {
    notify: (input: NotifyInput): Promise<void> => notifier.notify(input),
  };
}
