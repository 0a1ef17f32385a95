import { html, type Html } from './html';
import type { SessionUser } from '../sessions';

export interface LayoutOptions {
  title: string;
  user?: SessionUser | null;
  csrfToken?: string;
  current?: 'overview' | 'reports' | 'signal';
  body: Html;
}

/** The page frame in the central government's house style: the ribbon, the blue bar, skip link, landmarks. */
export function layout({ title, user, csrfToken, current, body }: LayoutOptions): string {
  const nav = user
    ? html`<nav class="rhs-nav" aria-label="Hoofdmenu">
        <div class="rhs-container rhs-nav__inner">
          <ul class="rhs-nav__list">
            <li>
              <a href="/" ${current === 'overview' || current === 'signal' ? html`aria-current="page"` : ''}
                >Signalen</a
              >
            </li>
            <li>
              <a href="/reports" ${current === 'reports' ? html`aria-current="page"` : ''}>Jaarcijfers</a>
            </li>
          </ul>
          <form class="rhs-nav__user" method="post" action="/logout">
            <span class="rhs-nav__name">${user.name}</span>
            <input type="hidden" name="_csrf" value="${csrfToken ?? ''}" />
            <button type="submit" class="rhs-link-button">Uitloggen</button>
          </form>
        </div>
      </nav>`
    : '';
  return html`<!doctype html>
    <html lang="nl">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} | Landelijk loket Bestuurlijke Signalen</title>
        <link rel="stylesheet" href="/dashboard-assets/dashboard.css" />
        <script src="/dashboard-assets/dashboard.js" defer></script>
      </head>
      <body>
        <a class="rhs-skiplink" href="#inhoud">Naar de inhoud</a>
        <header class="rhs-header">
          <div class="rhs-logo">
            <span class="rhs-logo__ribbon" aria-hidden="true"></span>
            <span class="rhs-logo__text"
              ><span class="rhs-logo__org">LIEC</span
              ><span class="rhs-logo__unit">Landelijk loket Bestuurlijke Signalen</span></span
            >
          </div>
        </header>
        ${nav}
        <main id="inhoud" class="rhs-container rhs-main" tabindex="-1">${body}</main>
        <footer class="rhs-footer">
          <div class="rhs-container">
            <p>
              signaalloket · Landelijk Informatie- en Expertisecentrum (LIEC) · alle tijden in Nederlandse
              tijd
            </p>
          </div>
        </footer>
      </body>
    </html>`.value;
}
