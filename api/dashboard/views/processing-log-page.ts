import type { ProcessingLogListing } from '../../processing-log/lookup';
import type { SessionUser } from '../sessions';
import { formatDateTime } from './format';
import { html, type Html } from './html';
import { layout } from './layout';

export interface ProcessingLogPageOptions {
  user: SessionUser;
  csrfToken: string;
  /** What the lead typed; absent before the first search. */
  email?: string;
  listing?: ProcessingLogListing;
  /** A readable sentence (Dutch, then English) when the address is not one. */
  error?: { nl: string; en: string };
}

const STATUS_LABELS: Record<string, string> = { OK: 'Gelukt / OK', ERROR: 'Mislukt / Failed' };
const SUBJECT_LABELS = { contact: 'contactpersoon / contact', user: 'gebruiker / user' } as const;

function results(email: string, listing: ProcessingLogListing): Html {
  if (listing.subjects === 0) {
    return html`<p class="utrecht-paragraph" role="status">
      Er is geen contactpersoon of gebruiker met het adres <strong>${email}</strong>.
      <span lang="en" class="liec-muted">No contact or user has this address.</span>
    </p>`;
  }
  if (listing.records.length === 0) {
    return html`<p class="utrecht-paragraph" role="status">
      Er is nog niets vastgelegd over <strong>${email}</strong>.
      <span lang="en" class="liec-muted">Nothing has been recorded for this person yet.</span>
    </p>`;
  }
  const columns = [
    'Tijdstip / Time',
    'Verwerkingsactiviteit / Processing activity',
    'Handeling / Operation',
    'Status',
    'Namens / On behalf of',
    'Trace-id / Trace id',
  ];
  return html`<p class="utrecht-paragraph" role="status">
      ${listing.records.length} ${listing.records.length === 1 ? 'verwerking' : 'verwerkingen'} van
      <strong>${email}</strong>, nieuwste eerst${listing.truncated ? ' (alleen de nieuwste worden getoond)' : ''}.
      <span lang="en" class="liec-muted">Newest first.</span>
    </p>
    <table class="utrecht-table liec-table--stack" id="processing-records">
      <caption class="utrecht-table__caption liec-visually-hidden">
        Verwerkingen van persoonsgegevens
      </caption>
      <thead class="utrecht-table__header">
        <tr class="utrecht-table__row">
          ${columns.map((label) => html`<th scope="col" class="utrecht-table__header-cell">${label}</th>`)}
        </tr>
      </thead>
      <tbody class="utrecht-table__body">
        ${listing.records.map(
          (record) =>
            html`<tr class="utrecht-table__row">
              <td data-label="${columns[0]}" class="utrecht-table__cell">${formatDateTime(record.startTime)}</td>
              <td data-label="${columns[1]}" class="utrecht-table__cell">
                ${record.activity.nl} <span lang="en" class="liec-muted">(${record.activity.en})</span>
                <br /><small class="liec-muted">${record.activity.id}</small>
              </td>
              <td data-label="${columns[2]}" class="utrecht-table__cell">
                <span lang="en">${record.name}</span> · ${SUBJECT_LABELS[record.subjectKind]}
              </td>
              <td data-label="${columns[3]}" class="utrecht-table__cell">
                ${STATUS_LABELS[record.status] ?? record.status}
              </td>
              <td data-label="${columns[4]}" class="utrecht-table__cell">${record.actorOrganisation ?? '–'}</td>
              <td data-label="${columns[5]}" class="utrecht-table__cell"><code>${record.traceId}</code></td>
            </tr>`,
        )}
      </tbody>
    </table>`;
}

/** The lead's look-up in the processing log (Logboek Dataverwerkingen): one person's records by e-mail address. */
export function processingLogPage(o: ProcessingLogPageOptions): string {
  const body = html`<h1 class="utrecht-heading-1">Verwerkingen van persoonsgegevens</h1>
    <p class="utrecht-paragraph">
      Wat er met de gegevens van een contactpersoon of gebruiker is gedaan, uit het logboek dataverwerkingen.
      <span lang="en" class="liec-muted"
        >What was done with a contact’s or user’s personal data, from the processing log.</span
      >
    </p>
    <form method="get" action="/processing-log" class="liec-filters" aria-label="Persoon zoeken">
      <div class="utrecht-form-field">
        <label class="utrecht-form-label liec-label" for="email"
          >E-mailadres <span lang="en" class="liec-muted">(e-mail address)</span></label
        >
        <input
          class="utrecht-textbox utrecht-textbox--html-input"
          type="email"
          id="email"
          name="email"
          required
          autocomplete="off"
          value="${o.email ?? ''}"
          ${o.error ? html`aria-invalid="true" aria-describedby="email-error"` : ''}
        />
        ${
          o.error
            ? html`<p class="utrecht-form-field-error-message" id="email-error">
              ${o.error.nl} <span lang="en">${o.error.en}</span>
            </p>`
            : ''
        }
      </div>
      <button type="submit" class="utrecht-button utrecht-button--primary-action">Zoeken / Search</button>
    </form>
    ${o.listing && o.email !== undefined ? results(o.email, o.listing) : ''}`;
  return layout({
    title: 'Verwerkingen',
    user: o.user,
    csrfToken: o.csrfToken,
    current: 'processing-log',
    body,
  });
}
