import type { ConcernedPersonView } from '../../concerned-persons/read';
import type { SessionUser } from '../sessions';
import { html } from './html';
import { layout } from './layout';
import { breadcrumbs } from './breadcrumbs';
import { stackedTable } from './stacked-table';

export interface ConcernedPersonsPageOptions {
  user: SessionUser;
  csrfToken: string;
  signal: { id: string; reference: string };
  persons: ConcernedPersonView[];
}

const columns = ['Naam / Name', 'Geboortedatum / Date of birth', 'Rol in het signaal / Role', 'Kenmerk / Id'];

/** The persons a signal concerns: a page of its own, so seeing them is a deliberate act that the log records. */
export function concernedPersonsPage(o: ConcernedPersonsPageOptions): string {
  const body = html`${breadcrumbs([
    { label: 'Signalen', href: '/' },
    { label: o.signal.reference, href: `/signals/${o.signal.id}` },
    { label: 'Betrokken personen' },
  ])}
    <h1 class="utrecht-heading-1">Betrokken personen bij ${o.signal.reference}</h1>
    <p class="utrecht-paragraph">
      De personen die de indiener bij dit signaal heeft gemarkeerd. Dit inzien is vastgelegd in het
      verwerkingenlogboek. Deel deze gegevens niet buiten het loket.
      <span lang="en" class="liec-muted"
        >The persons the submitter marked in this signal. This view has been recorded in the processing log.</span
      >
    </p>
    ${
      o.persons.length === 0
        ? html`<p class="utrecht-paragraph" role="status">
            De indiener heeft geen personen gemarkeerd.
            <span lang="en" class="liec-muted">The submitter marked no one.</span>
          </p>`
        : stackedTable({
            id: 'concerned-persons',
            caption: 'Betrokken personen',
            columns,
            rows: o.persons.map((person) => [
              person.name,
              person.birthDate ?? '–',
              person.role ?? '–',
              html`<code>${person.id}</code>`,
            ]),
          })
    }`;
  return layout({
    title: `Betrokken personen ${o.signal.reference}`,
    user: o.user,
    csrfToken: o.csrfToken,
    current: 'signal',
    body,
  });
}
