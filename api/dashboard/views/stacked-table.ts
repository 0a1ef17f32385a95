import { html, type Html } from './html';

export interface StackedTable {
  id: string;
  /** For screen readers (the page's heading already says it to the eye). */
  caption: string;
  columns: readonly string[];
  /** One cell per column; each cell carries its column's label, which narrow screens show beside it. */
  rows: ReadonlyArray<ReadonlyArray<Html | string>>;
}

/** A data table that stacks into labelled cells on narrow screens (liec-table--stack, 320 px). */
export function stackedTable(t: StackedTable): Html {
  return html`<table class="utrecht-table liec-table--stack" id="${t.id}">
    <caption class="utrecht-table__caption liec-visually-hidden">${t.caption}</caption>
    <thead class="utrecht-table__header">
      <tr class="utrecht-table__row">
        ${t.columns.map((label) => html`<th scope="col" class="utrecht-table__header-cell">${label}</th>`)}
      </tr>
    </thead>
    <tbody class="utrecht-table__body">
      ${t.rows.map(
        (cells) =>
          html`<tr class="utrecht-table__row">
            ${cells.map(
              (cell, index) =>
                html`<td data-label="${t.columns[index]}" class="utrecht-table__cell">${cell}</td>`,
            )}
          </tr>`,
      )}
    </tbody>
  </table>`;
}
