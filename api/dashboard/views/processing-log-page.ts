import type { ProcessingLogListing } from '../../processing-log/lookup';
import type { SessionUser } from '../sessions';
import { formatDateTime } from './format';
import { html, type Html } from './html';
import { layout } from './layout';
import { stackedTable } from './stacked-table';

export interface ProcessingLogPageOptions {
  user: SessionUser;
  csrfToken: string;
  /** What the lead typed; absent before the first search. */
  email?: string;
  /** Or a person a signal concerns: name and, optionally, date of birth (YYYY-MM-DD). */
  person?: { name: string; birthDate?: string };
  listing?: ProcessingLogListing;
  /** A readable sentence (Dutch, then English) when the address (or name, or date) is not one. */
  error?: { nl: string; en: string };
}

const STATUS_LABELS: Record<string, string> = { OK: 'Gelukt / OK', ERROR: 'Mislukt / Failed' };
const SUBJECT_LABELS = {
  contact: 'contactpersoon / contact',
  user: 'gebruiker / user',
  person: 'betrokken persoon / concerned person',
} as const;

function noOneFound(o: ProcessingLogPageOptions): Html {
  if (o.person) {
    return html`<p class="utrecht-paragraph" role="status">
      Geen signaal noemt een betrokken persoon <strong>${o.person.name}</strong>${o.person.birthDate ? html` geboren op ${o.person.birthDate}` : ''}.
      <span lang="en" class="liec-muted">No signal marks a concerned person by this name.</span>
    </p>`;
  }
  return html`<p class="utrecht-paragraph" role="status">
    Er is geen contactpersoon of gebruiker met het adres <strong>${o.email}</strong>.
    <span lang="en" class="liec-muted">No contact or user has this address.</span>
  </p>`;
}

function results(o: ProcessingLogPageOptions, listing: ProcessingLogListing): Html {
  if (listing.subjects === 0) return noOneFound(o);
  // Whom the lead asked about: the address, or the concerned person's name.
  const asked = o.person ? o.person.name : (o.email ?? '');
  if (listing.records.length === 0) {
    return html`<p class="utrecht-paragraph" role="status">
      Er is nog niets vastgelegd over <strong>${asked}</strong>.
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
      <strong>${asked}</strong>, nieuwste eerst${listing.truncated ? ' (alleen de nieuwste worden getoond)' : ''}.
      <span lang="en" class="liec-muted">Newest first.</span>
    </p>
    ${stackedTable({
      id: 'processing-records',
      caption: 'Verwerkingen van persoonsgegevens',
      columns,
      rows: listing.records.map((record) => [
        formatDateTime(record.startTime),
        html`${record.activity.nl} <span lang="en" class="liec-muted">(${record.activity.en})</span>
          <br /><small class="liec-muted">${record.activity.id}</small>`,
        html`<span lang="en">${record.name}</span> · ${SUBJECT_LABELS[record.subjectKind]}`,
        STATUS_LABELS[record.status] ?? record.status,
        record.actorOrganisation ?? '–',
        html`<code>${record.traceId}</code>`,
      ]),
    })}`;
}

/** The lead's look-up in the processing log (Logboek Dataverwerkingen): one person's records by e-mail address. */
export function processingLogPage(o: ProcessingLogPageOptions): string {
  const body = html`<h1 class="utrecht-heading-1">Verwerkingen van persoonsgegevens</h1>
    <p class="utrecht-paragraph">
      Wat er met de gegevens van een contactpersoon, gebruiker of betrokken persoon is gedaan, uit het logboek
      dataverwerkingen. Elke zoekopdracht wordt zelf ook vastgelegd.
      <span lang="en" class="liec-muted"
        >What was done with a contact’s, user’s or concerned person’s personal data, from the processing log. Each
        look-up is recorded too.</span
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
          ${o.error && !o.person ? html`aria-invalid="true" aria-describedby="email-error"` : ''}
        />
        ${
          o.error && !o.person
            ? html`<p class="utrecht-form-field-error-message" id="email-error">
              ${o.error.nl} <span lang="en">${o.error.en}</span>
            </p>`
            : ''
        }
      </div>
      <button type="submit" class="utrecht-button utrecht-button--primary-action">Zoeken / Search</button>
    </form>
    <form method="get" action="/processing-log" class="liec-filters" aria-label="Betrokken persoon zoeken">
      <div class="utrecht-form-field">
        <label class="utrecht-form-label liec-label" for="person"
          >Naam betrokken persoon <span lang="en" class="liec-muted">(name of a concerned person)</span></label
        >
        <input
          class="utrecht-textbox utrecht-textbox--html-input"
          type="text"
          id="person"
          name="person"
          required
          maxlength="200"
          autocomplete="off"
          value="${o.person?.name ?? ''}"
          ${o.error && o.person ? html`aria-invalid="true" aria-describedby="person-error"` : ''}
        />
      </div>
      <div class="utrecht-form-field">
        <label class="utrecht-form-label liec-label" for="birthDate"
          >Geboortedatum (optioneel) <span lang="en" class="liec-muted">(date of birth, optional)</span></label
        >
        <input
          class="utrecht-textbox utrecht-textbox--html-input"
          type="date"
          id="birthDate"
          name="birthDate"
          value="${o.person?.birthDate ?? ''}"
        />
      </div>
      ${
        o.error && o.person
          ? html`<p class="utrecht-form-field-error-message" id="person-error">
              ${o.error.nl} <span lang="en">${o.error.en}</span>
            </p>`
          : ''
      }
      <button type="submit" class="utrecht-button utrecht-button--primary-action">Zoeken / Search</button>
    </form>
    ${o.listing ? results(o, o.listing) : ''}`;
  return layout({
    title: 'Verwerkingen',
    user: o.user,
    csrfToken: o.csrfToken,
    current: 'processing-log',
    body,
  });
}
