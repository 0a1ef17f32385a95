import { SUBSCRIBABLE_EVENTS, type SubscribableEvent } from '../../../shared/events/event-types';
import type { FailedDelivery } from '../event-deliveries';
import type { SessionUser } from '../sessions';
import { formatDateTime } from './format';
import { html } from './html';
import { layout } from './layout';

/** The events' names on the page (Dutch). */
export const SUBSCRIBER_EVENT_LABELS: Record<SubscribableEvent, string> = {
  submitted: 'Ingediend',
  review_decided: 'Beoordeeld',
  sent: 'Aangeboden',
  acknowledged: 'Ontvangst bevestigd',
  reply_forwarded: 'Reactie doorgestuurd',
  closed: 'Afgesloten',
  withdrawn: 'Ingetrokken',
  deadline_passed: 'Termijn verstreken',
};

const label = (name: string) =>
  (SUBSCRIBABLE_EVENTS as readonly string[]).includes(name)
    ? SUBSCRIBER_EVENT_LABELS[name as SubscribableEvent]
    : name;

export const RESEND_NOTICES = {
  queued: 'De gebeurtenis wordt opnieuw verstuurd.',
  not_failed: 'Deze aflevering is niet (meer) mislukt; er is niets opnieuw verstuurd.',
  subscription_ended: 'Het abonnement is beëindigd; er is niets opnieuw verstuurd.',
} as const;

/**
 * Failed deliveries of events to subscribers ("Mislukte afleveringen"): what, to whom, why, with a button that
 * sends each again. Shown to the loket; an admin reads it without the buttons.
 */
export function eventDeliveriesPage(o: {
  user: SessionUser;
  csrfToken: string;
  deliveries: FailedDelivery[];
  mayResend: boolean;
  notice?: string;
}): string {
  const rows = o.deliveries.map(
    (d) => html`<tr class="utrecht-table__row">
      <td data-label="Signaal" class="utrecht-table__cell">
        <a class="utrecht-link" href="/signals/${d.signalId}">${d.reference || d.signalId}</a>
      </td>
      <td data-label="Gebeurtenis" class="utrecht-table__cell">${label(d.eventName)}</td>
      <td data-label="Abonnee" class="utrecht-table__cell">${d.subscriber}<br /><code>${d.endpointOrigin}</code></td>
      <td data-label="Pogingen" class="utrecht-table__cell">${d.attempts}</td>
      <td data-label="Laatste antwoord" class="utrecht-table__cell">
        ${d.lastStatusCode ?? '–'}${d.lastError ? html` · ${d.lastError}` : ''}
      </td>
      <td data-label="Mislukt op" class="utrecht-table__cell">${formatDateTime(d.failedAt)}</td>
      <td data-label="Actie" class="utrecht-table__cell">
        ${
          o.mayResend
            ? html`<form method="post" action="/event-deliveries/${d.id}/resend">
              <input type="hidden" name="_csrf" value="${o.csrfToken}" />
              <button type="submit" class="utrecht-button utrecht-button--secondary-action">
                Opnieuw versturen<span class="liec-visually-hidden"> (${d.reference} ${label(d.eventName)})</span>
              </button>
            </form>`
            : ''
        }
      </td>
    </tr>`,
  );
  const body = html`<h1 class="utrecht-heading-1">Mislukte afleveringen</h1>
    <p class="utrecht-paragraph">
      Gebeurtenissen die niet bij een abonnee aankwamen: geweigerd door het adres, of na de laatste nieuwe poging
      nog steeds mislukt. Opnieuw versturen stuurt dezelfde gebeurtenis (met hetzelfde id) nog eens.
    </p>
    ${
      o.notice
        ? html`<div class="utrecht-alert utrecht-alert--info" role="status">
          <div class="utrecht-alert__content">
            <div class="utrecht-alert__message"><p class="utrecht-paragraph">${o.notice}</p></div>
          </div>
        </div>`
        : ''
    }
    ${
      o.deliveries.length === 0
        ? html`<p class="utrecht-paragraph liec-muted">Er zijn geen mislukte afleveringen.</p>`
        : html`<table class="utrecht-table liec-table--stack">
          <caption class="utrecht-table__caption liec-visually-hidden">Mislukte afleveringen</caption>
          <thead class="utrecht-table__header">
            <tr class="utrecht-table__row">
              <th scope="col" class="utrecht-table__header-cell">Signaal</th>
              <th scope="col" class="utrecht-table__header-cell">Gebeurtenis</th>
              <th scope="col" class="utrecht-table__header-cell">Abonnee</th>
              <th scope="col" class="utrecht-table__header-cell">Pogingen</th>
              <th scope="col" class="utrecht-table__header-cell">Laatste antwoord</th>
              <th scope="col" class="utrecht-table__header-cell">Mislukt op</th>
              <th scope="col" class="utrecht-table__header-cell"><span class="liec-visually-hidden">Actie</span></th>
            </tr>
          </thead>
          <tbody class="utrecht-table__body">
            ${rows}
          </tbody>
        </table>`
    }`;
  return layout({
    title: 'Mislukte afleveringen',
    user: o.user,
    csrfToken: o.csrfToken,
    current: 'deliveries',
    body,
  });
}
