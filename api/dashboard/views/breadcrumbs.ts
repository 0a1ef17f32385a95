import { html, type Html } from './html';

/** The trail from the overview to this page: links up to the last, which is the current page. */
export function breadcrumbs(trail: ReadonlyArray<{ label: string; href?: string }>): Html {
  const separator = html`<li
    class="utrecht-breadcrumb-nav__separator utrecht-breadcrumb-nav__separator--html-li"
    aria-hidden="true"
  >
    ›
  </li>`;
  const items = trail.map((step, index) =>
    step.href
      ? html`<li class="utrecht-breadcrumb-nav__item">
          <a
            class="utrecht-link utrecht-link--html-a utrecht-breadcrumb-nav__link${index === 0 ? ' utrecht-breadcrumb-nav__link--first' : ''}"
            href="${step.href}"
            >${step.label}</a
          >
        </li>`
      : html`<li class="utrecht-breadcrumb-nav__item">
          <span class="utrecht-breadcrumb-nav__link utrecht-breadcrumb-nav__link--current" aria-current="page"
            >${step.label}</span
          >
        </li>`,
  );
  return html`<nav class="utrecht-breadcrumb-nav" aria-label="Kruimelpad">
    <ol class="utrecht-breadcrumb-nav__list utrecht-breadcrumb-nav__list--html-ol">
      ${items.map((item, index) => (index === 0 ? item : html`${separator}${item}`))}
    </ol>
  </nav>`;
}
