import { html, type Html } from './html';
import type { SessionUser } from '../sessions';
import { stylesheetHrefs } from '../../design-system/assets';
import { mayDo } from '../../auth/permissions';

export interface LayoutOptions {
  title: string;
  user?: SessionUser | null;
  csrfToken?: string;
  current?: 'overview' | 'reports' | 'signal' | 'processing-log' | 'deliveries';
  body: Html;
  /** A dashboard address to go on to at once (a meta refresh: a navigation of this page, not a redirect). */
  continueTo?: string;
}

/**
 * The page frame, built from NL Design System components in the LIEC theme: skip link, header, navigation bar,
 * main landmark and footer.
 */
export function layout({ title, user, csrfToken, current, body, continueTo }: LayoutOptions): string {
  const navLink = (href: string, label: string, isCurrent: boolean) =>
    html`<li class="utrecht-nav-list__item">
      <a
        class="utrecht-link utrecht-link--html-a utrecht-nav-list__link"
        href="${href}"
        ${isCurrent ? html`aria-current="page"` : ''}
        >${label}</a
      >
    </li>`;
  const nav = user
    ? html`<nav class="utrecht-nav-bar liec-nav" aria-label="Hoofdmenu">
        <div class="utrecht-nav-bar__content">
          <ul class="utrecht-nav-list">
            ${navLink('/', 'Signalen', current === 'overview' || current === 'signal')}
            ${navLink('/reports', 'Jaarcijfers', current === 'reports')}
            ${
              mayDo(user.role, 'readProcessingLog')
                ? navLink('/processing-log', 'Verwerkingen', current === 'processing-log')
                : ''
            }
            ${navLink('/event-deliveries', 'Afleveringen', current === 'deliveries')}
          </ul>
          <form class="liec-nav__user" method="post" action="/logout">
            <span class="liec-nav__name">${user.name}</span>
            <input type="hidden" name="_csrf" value="${csrfToken ?? ''}" />
            <button type="submit" class="utrecht-button utrecht-button--subtle">Uitloggen</button>
          </form>
        </div>
      </nav>`
    : '';
  return html`<!doctype html>
    <html lang="nl" class="liec-theme">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        ${continueTo ? html`<meta http-equiv="refresh" content="0; url=${continueTo}" />` : ''}
        <title>${title} | Landelijk loket Bestuurlijke Signalen</title>
        ${stylesheetHrefs('dashboard').map((href) => html`<link rel="stylesheet" href="${href}" />`)}
        <script src="/dashboard-assets/dashboard.js" defer></script>
      </head>
      <body class="utrecht-document utrecht-document--surface liec-dashboard">
        <a class="utrecht-skip-link utrecht-skip-link--visible-on-focus" href="#inhoud">Naar de inhoud</a>
        <header class="utrecht-page-header">
          <div class="utrecht-page-header__content liec-brand">
            <span class="liec-brand__org">LIEC</span>
            <span class="liec-brand__unit">Landelijk loket Bestuurlijke Signalen</span>
          </div>
        </header>
        ${nav}
        <main id="inhoud" class="utrecht-page liec-main" tabindex="-1">${body}</main>
        <footer class="utrecht-page-footer">
          <div class="utrecht-page-footer__content">
            <p class="utrecht-paragraph">
              signaalloket · Landelijk Informatie- en Expertisecentrum (LIEC) · alle tijden in Nederlandse
              tijd
            </p>
          </div>
        </footer>
      </body>
    </html>`.value;
}
