import { html, type Html } from './html';

/** A decision's choice as radio buttons (the first one checked): grant or refuse, approve or refuse. */
export function choiceFieldset(
  legend: string,
  name: string,
  choices: ReadonlyArray<[value: string, label: string]>,
): Html {
  return html`<fieldset class="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset">
    <legend class="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">${legend}</legend>
    ${choices.map(
      ([value, label], index) =>
        html`<label class="utrecht-form-label utrecht-form-label--radio liec-choice"
          ><input
            type="radio"
            class="utrecht-radio-button utrecht-radio-button--html-input"
            name="${name}"
            value="${value}"
            ${index === 0 ? html`checked` : ''}
          />
          ${label}</label
        >`,
    )}
  </fieldset>`;
}
