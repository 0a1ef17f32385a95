import type { SessionUser } from '../sessions';
import { filtersToQuery, type ListFilters } from '../filters';
import {
  MINISTRY_STATUS_LABELS,
  SIGNAL_STATUS_LABELS,
  SIGNAL_STATUS_ORDER,
  daysPhrase,
  daysUntil,
  deadlineKindLabel,
  formatDeadline,
  isOpenStatus,
} from './format';
import { OPEN_STATUSES } from '../../signals/filters';
import { html } from './html';
import { layout } from './layout';
import { statusBadge } from './signal-page';

export interface OverviewRow {
  id: string;
  reference: string;
  title: string;
  status: string;
  submittedAt: Date;
  nextDeadlineAt: Date | null;
  nextDeadlineKind: string | null;
  organisation: { code: string; name: string };
  cases: {
    status: string;
    ackDueAt: Date | null;
    replyDueAt: Date | null;
    acknowledgedAt: Date | null;
    ministry: { code: string };
  }[];
}

export interface OverviewOptions {
  user: SessionUser;
  csrfToken: string;
  now: Date;
  filters: ListFilters;
  rows: OverviewRow[];
  total: number;
  counts: Record<string, number>;
  overdueCount: number;
  organisations: { code: string; name: string }[];
  ministries: { code: string; name: string }[];
}

function option(value: string, label: string, selected: string | undefined) {
  return html`<option
    value="${value}"
    ${selected?.toLowerCase() === value.toLowerCase() ? html`selected` : ''}
  >
    ${label}
  </option>`;
}

/** Per ministry: replied, still open, or past its deadline. */
const CHIP_VARIANTS = { replied: 'success', late: 'danger', open: 'neutral' } as const;

function ministryChips(row: OverviewRow, now: Date) {
  const cases = row.cases.filter((c) => c.status !== 'cancelled');
  if (cases.length === 0) return html`<span class="liec-muted">nog niet aangeboden</span>`;
  return html`<ul class="liec-chips">
    ${cases.map((c) => {
      const open = isOpenStatus(row.status) && c.status !== 'replied';
      const due = c.acknowledgedAt ? c.replyDueAt : c.ackDueAt;
      const late = open && due !== null && due < now;
      const kind = c.status === 'replied' ? 'replied' : late ? 'late' : 'open';
      return html`<li
        class="utrecht-status-badge utrecht-status-badge--${CHIP_VARIANTS[kind]} liec-chip"
        title="${MINISTRY_STATUS_LABELS[c.status as keyof typeof MINISTRY_STATUS_LABELS] ?? c.status}"
      >
        ${c.ministry.code}<span class="liec-visually-hidden"
          >:
          ${MINISTRY_STATUS_LABELS[c.status as keyof typeof MINISTRY_STATUS_LABELS] ?? c.status}${late ? ', over termijn' : ''}</span
        >${c.status === 'replied' ? ' ✓' : late ? ' !' : ''}
      </li>`;
    })}
  </ul>`;
}

export function overviewPage(o: OverviewOptions): string {
  const { filters, now } = o;
  const pages = Math.max(1, Math.ceil(o.total / filters.pageSize));
  const tile = (label: string, count: number, href: string, current: boolean, alert = false) =>
    html`<li>
      <a
        class="liec-tile${alert ? ' liec-tile--alert' : ''}"
        href="${href}"
        ${current ? html`aria-current="true"` : ''}
        ><span class="liec-tile__count">${count}</span><span class="liec-tile__label">${label}</span></a
      >
    </li>`;
  const forwarded = filters.forwarded === undefined ? '' : String(filters.forwarded);
  const openTotal = OPEN_STATUSES.reduce((sum, s) => sum + (o.counts[s] ?? 0), 0);
  const body = html` <h1 class="utrecht-heading-1">Signalen</h1>
    <h2 class="utrecht-heading-2 liec-visually-hidden">Aantallen per status</h2>
    <ul class="liec-tiles">
      ${tile('Over termijn', o.overdueCount, '/?overdue=true', filters.overdue === true, true)}
      ${tile('Lopend totaal', openTotal, '/', !filters.status && filters.overdue === undefined && !filters.text && !filters.ministry && !filters.organisation)}
      ${SIGNAL_STATUS_ORDER.filter((s) => s !== 'submitted' || (o.counts[s] ?? 0) > 0).map((s) => tile(SIGNAL_STATUS_LABELS[s], o.counts[s] ?? 0, `/?status=${s}`, filters.status === s))}
    </ul>
    <form class="liec-filters" method="get" action="/" role="search" aria-label="Signalen filteren">
      <div class="utrecht-form-field">
        <label class="utrecht-form-label liec-label" for="f-text">Zoeken</label
        ><input
          type="search"
          class="utrecht-textbox utrecht-textbox--html-input"
          id="f-text"
          name="text"
          value="${filters.text ?? ''}"
          placeholder="referentie of trefwoord"
        />
      </div>
      <div class="utrecht-form-field">
        <label class="utrecht-form-label liec-label" for="f-status">Status</label
        ><select class="utrecht-select utrecht-select--html-select" id="f-status" name="status">
          ${option('', 'Alle statussen', filters.status)}${SIGNAL_STATUS_ORDER.map((s) => option(s, SIGNAL_STATUS_LABELS[s], filters.status))}
        </select>
      </div>
      <div class="utrecht-form-field">
        <label class="utrecht-form-label liec-label" for="f-ministry">Ministerie</label
        ><select class="utrecht-select utrecht-select--html-select" id="f-ministry" name="ministry">
          ${option('', 'Alle ministeries', filters.ministry)}${o.ministries.map((m) => option(m.code, `${m.code} · ${m.name.replace(/^Ministerie van /, '')}`, filters.ministry))}
        </select>
      </div>
      <div class="utrecht-form-field">
        <label class="utrecht-form-label liec-label" for="f-org">Indiener</label
        ><select class="utrecht-select utrecht-select--html-select" id="f-org" name="organisation">
          ${option('', 'Alle indieners', filters.organisation)}${o.organisations.map((org) => option(org.code, org.name, filters.organisation))}
        </select>
      </div>
      <div class="utrecht-form-field">
        <label class="utrecht-form-label liec-label" for="f-forwarded">Doorgestuurd</label
        ><select class="utrecht-select utrecht-select--html-select" id="f-forwarded" name="forwarded">
          ${option('', 'Alle signalen', forwarded)}${option('true', 'Reactie doorgestuurd', forwarded)}${option('false', 'Reactie nog door te sturen', forwarded)}
        </select>
      </div>
      <div class="utrecht-form-field">
        <label class="utrecht-form-label utrecht-form-label--checkbox liec-choice"
          ><input
            type="checkbox"
            class="utrecht-checkbox utrecht-checkbox--html-input"
            name="overdue"
            value="true"
            ${filters.overdue ? html`checked` : ''}
          />
          Alleen over termijn</label
        >
      </div>
      <div class="liec-filters__actions">
        <button type="submit" class="utrecht-button utrecht-button--primary-action">Filteren</button
        ><a class="utrecht-link utrecht-link--html-a" href="/">Wis filters</a>
      </div>
    </form>
    <div class="liec-toolbar">
      <p class="utrecht-paragraph" role="status" id="result-count">
        <strong>${o.total}</strong> ${o.total === 1 ? 'signaal' : 'signalen'}, meest urgent
        bovenaan${pages > 1 ? html` · pagina ${filters.page} van ${pages}` : ''}
      </p>
      <a
        class="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--secondary-action"
        href="/export.csv${filtersToQuery({ ...filters, page: 1, pageSize: 25 })}"
        download
        >Download als CSV</a
      >
    </div>
    ${
      o.rows.length === 0
        ? html`<p class="utrecht-paragraph">Geen signalen gevonden met deze filters.</p>`
        : html`<table class="utrecht-table liec-table--stack">
            <caption class="utrecht-table__caption liec-visually-hidden">
              Signalen, meest urgente termijn eerst
            </caption>
            <thead class="utrecht-table__header">
              <tr class="utrecht-table__row">
                <th scope="col" class="utrecht-table__header-cell">Referentie</th>
                <th scope="col" class="utrecht-table__header-cell">Titel</th>
                <th scope="col" class="utrecht-table__header-cell">Status</th>
                <th scope="col" class="utrecht-table__header-cell">Indiener</th>
                <th scope="col" class="utrecht-table__header-cell">Ministeries</th>
                <th scope="col" class="utrecht-table__header-cell">Volgende termijn</th>
                <th scope="col" class="utrecht-table__header-cell">Over termijn</th>
              </tr>
            </thead>
            <tbody class="utrecht-table__body">
              ${o.rows.map((row) => {
                const open = isOpenStatus(row.status);
                const days = row.nextDeadlineAt && open ? daysUntil(row.nextDeadlineAt, now) : null;
                const overdue = days !== null && days < 0;
                return html`<tr class="utrecht-table__row${overdue ? ' is-overdue' : ''}">
                  <td data-label="Referentie" class="utrecht-table__cell">
                    <span class="liec-ref">${row.reference}</span>
                  </td>
                  <td data-label="Titel" class="utrecht-table__cell">
                    <a class="utrecht-link utrecht-link--html-a" href="/signals/${row.id}">${row.title}</a>
                  </td>
                  <td data-label="Status" class="utrecht-table__cell">${statusBadge(row.status)}</td>
                  <td data-label="Indiener" class="utrecht-table__cell">${row.organisation.name}</td>
                  <td data-label="Ministeries" class="utrecht-table__cell">${ministryChips(row, now)}</td>
                  <td data-label="Volgende termijn" class="utrecht-table__cell">
                    ${days !== null ? html`${formatDeadline(row.nextDeadlineAt)}<br /><span class="liec-muted">${deadlineKindLabel(row.nextDeadlineKind)}</span>` : html`<span class="liec-muted">geen</span>`}
                  </td>
                  <td
                    data-label="Over termijn"
                    class="utrecht-table__cell utrecht-table__cell--numeric-column utrecht-table__cell--numeric-data"
                  >
                    ${overdue ? html`<span class="liec-overdue">${daysPhrase(days)}</span>` : days !== null ? html`<span class="liec-muted">${daysPhrase(days)}</span>` : ''}
                  </td>
                </tr>`;
              })}
            </tbody>
          </table>`
    }
    ${
      pages > 1
        ? html`<nav class="utrecht-pagination liec-pagination" aria-label="Paginering">
            ${filters.page > 1 ? html`<a href="/${filtersToQuery(filters, { page: filters.page - 1 })}" rel="prev" class="utrecht-link utrecht-link--html-a utrecht-pagination__relative-link utrecht-pagination__relative-link--prev">‹ Vorige pagina</a>` : ''}
            <span>Pagina ${filters.page} van ${pages}</span>
            ${filters.page < pages ? html`<a href="/${filtersToQuery(filters, { page: filters.page + 1 })}" rel="next" class="utrecht-link utrecht-link--html-a utrecht-pagination__relative-link utrecht-pagination__relative-link--next">Volgende pagina ›</a>` : ''}
          </nav>`
        : ''
    }`;
  return layout({ title: 'Signalen', user: o.user, csrfToken: o.csrfToken, current: 'overview', body });
}
