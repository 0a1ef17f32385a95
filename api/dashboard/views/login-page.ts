import { html } from './html';
import { layout } from './layout';

export function loginPage(options: {
  csrfToken: string;
  error?: string;
  email?: string;
  next?: string;
  notice?: string;
}): string {
  const body = html`<div class="rhs-login">
    <h1>Inloggen</h1>
    <p>Voor coördinatoren van het Landelijk loket Bestuurlijke Signalen.</p>
    ${options.notice ? html`<div class="rhs-alert" role="status"><p>${options.notice}</p></div>` : ''}
    ${
      options.error
        ? html`<div class="rhs-alert rhs-alert--error" role="alert" id="login-error">
            <strong>Inloggen is niet gelukt</strong>
            <p>${options.error}</p>
          </div>`
        : ''
    }
    <form method="post" action="/login" novalidate>
      <input type="hidden" name="_csrf" value="${options.csrfToken}" />
      <input type="hidden" name="next" value="${options.next ?? '/'}" />
      <div class="rhs-field">
        <label for="email">E-mailadres</label>
        <input
          type="email"
          id="email"
          name="email"
          autocomplete="username"
          required
          value="${options.email ?? ''}"
          ${options.error ? html`aria-describedby="login-error"` : ''}
        />
      </div>
      <div class="rhs-field">
        <label for="password">Wachtwoord</label>
        <input type="password" id="password" name="password" autocomplete="current-password" required />
      </div>
      <button type="submit" class="rhs-button">Inloggen</button>
    </form>
  </div>`;
  return layout({ title: 'Inloggen', body });
}

export function messagePage(
  title: string,
  message: string,
  user?: Parameters<typeof layout>[0]['user'],
  csrfToken?: string,
): string {
  return layout({
    title,
    user,
    csrfToken,
    body: html`<h1>${title}</h1>
      <p>${message}</p>
      <p><a href="/">Naar het overzicht</a></p>`,
  });
}
