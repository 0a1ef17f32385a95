import crypto from 'node:crypto';
import type { ResponseLinkView, SignalDetail } from '../signal-data';
import { formatDate, formatDateTime } from './format';
import { html, type Html } from './html';

const LINK_STATES: Record<ResponseLinkView['state'], string> = {
  not_delivered: 'nog niet afgeleverd',
  active: 'werkt',
  expired: 'verlopen',
  revoked: 'ingetrokken',
};

type MinistryCase = SignalDetail['signal']['cases'][number];
type Contact = MinistryCase['ministry']['contacts'][number];

function linkSummary(links: ResponseLinkView[]): Html {
  const latest = links.at(-1);
  if (!latest)
    return html`<p class="utrecht-paragraph liec-muted">Nog geen persoonlijke link uitgegeven.</p>`;
  const opened = links.map((l) => l.lastOpenedAt).filter((at): at is Date => at !== null);
  const used = links.map((l) => l.lastUsedAt).filter((at): at is Date => at !== null);
  const last = (dates: Date[]) => formatDateTime(new Date(Math.max(...dates.map((d) => d.getTime()))));
  return html`<p class="utrecht-paragraph liec-muted" data-link-state="${latest.state}">
    ${links.length === 1 ? '1 link' : `${links.length} links`} uitgegeven · nieuwste:
    ${LINK_STATES[latest.state]}, uitgegeven ${formatDate(latest.issuedAt)},
    ${latest.expiresAt ? `geldig tot ${formatDate(latest.expiresAt)}` : 'geldig zolang de zaak loopt'} ·
    ${opened.length > 0 ? `laatst geopend ${last(opened)}` : 'nooit geopend'} ·
    ${used.length > 0 ? `laatst gebruikt ${last(used)}` : 'nooit gebruikt'}
  </p>`;
}

function contactRow(
  signalId: string,
  csrfToken: string,
  code: string,
  contact: Contact,
  links: ResponseLinkView[],
  othersExist: boolean,
): Html {
  const role = contact.role === 'escalation' ? 'escalatiecontact' : 'contactpersoon';
  return html`<li class="liec-link-contact" data-contact="${contact.id}">
    <p class="utrecht-paragraph">
      <strong>${contact.name}</strong> <span class="liec-muted">(${role}, ${contact.email})</span>
    </p>
    ${linkSummary(links)}
    <form
      method="post"
      action="/signals/${signalId}/decisions"
      class="liec-decision"
      data-action="reissue_link"
    >
      <input type="hidden" name="_csrf" value="${csrfToken}" />
      <input type="hidden" name="action" value="reissue_link" />
      <input type="hidden" name="ministryCode" value="${code}" />
      <input type="hidden" name="contactId" value="${contact.id}" />
      <input type="hidden" name="requestId" value="${crypto.randomUUID()}" />
      ${
        othersExist
          ? html`<label class="utrecht-form-label utrecht-form-label--checkbox liec-choice"
              ><input
                type="checkbox"
                class="utrecht-checkbox utrecht-checkbox--html-input"
                name="revokeOthers"
                value="1"
              />
              <span
                >Ook de links van de andere contactpersonen van ${code} intrekken<span
                  class="utrecht-form-field-description liec-hint"
                  >Voor als de contactpersoon is gewisseld.</span
                ></span
              ></label
            >`
          : ''
      }
      <button type="submit" class="utrecht-button utrecht-button--secondary-action">
        Nieuwe link sturen<span class="liec-visually-hidden"> aan ${contact.name} (${code})</span>
      </button>
    </form>
  </li>`;
}

/**
 * Per open ministry: its active contacts, what their personal links did (issued, opened, used; never the token),
 * and a button that mails a contact a new link and revokes the old one.
 */
export function linksPanel(
  detail: SignalDetail,
  ministryCase: MinistryCase,
  csrfToken: string,
  errorAlert: Html,
): Html {
  const code = ministryCase.ministry.code;
  const contacts = ministryCase.ministry.contacts;
  const linksOf = (contactId: string) =>
    detail.links.filter((l) => l.ministryCode === code && l.contact.id === contactId);
  return html`<section class="liec-panel" aria-labelledby="d-links-${code}" data-links="${code}">
    <h3 class="utrecht-heading-3" id="d-links-${code}">Persoonlijke links van ${code}</h3>
    ${errorAlert}
    <p class="utrecht-paragraph liec-muted">
      Kwijtgeraakte mail of nieuwe contactpersoon? Een nieuwe link gaat per e-mail naar de contactpersoon;
      diens vorige links werken daarna niet meer.
    </p>
    ${
      contacts.length === 0
        ? html`<p class="utrecht-paragraph liec-muted">
            ${code} heeft geen actieve contactpersonen; voeg ze toe met de beheer-CLI.
          </p>`
        : html`<ul class="liec-link-contacts">
            ${contacts.map((contact) =>
              contactRow(
                detail.signal.id,
                csrfToken,
                code,
                contact,
                linksOf(contact.id),
                contacts.length > 1,
              ),
            )}
          </ul>`
    }
  </section>`;
}
