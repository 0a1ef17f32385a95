import { html } from './html';
import { layout } from './layout';

export function loginPage(options: {
  csrfToken: string;
  error?: string;
  email?: string;
  next?: string;
  notice?: string;
}): string {
  const body = html`<div class="liec-login">
    <h1 class="utrecht-heading-1">Inloggen</h1>
    <p class="utrecht-paragraph">Voor coördinatoren van het Landelijk loket Bestuurlijke Signalen.</p>
    ${
      options.notice
        ? html`<div class="utrecht-alert utrecht-alert--info" role="status">
            <div class="utrecht-alert__content">
              <div class="utrecht-alert__message"><p class="utrecht-paragraph">${options.notice}</p></div>
            </div>
          </div>`
        : ''
    }
    ${
      options.error
        ? html`<div class="utrecht-alert utrecht-alert--error" role="alert" id="login-error">
            <div class="utrecht-alert__content">
              <div class="utrecht-alert__message">
                <p class="utrecht-paragraph"><strong>Inloggen is niet gelukt</strong></p>
                <p class="utrecht-paragraph">${options.error}</p>
              </div>
            </div>
          </div>`
        : ''
    }
    <form method="post" action="/login" novalidate>
      <input type="hidden" name="_csrf" value="${options.csrfToken}" />
      <input type="hidden" name="next" value="${options.next ?? '/'}" />
      <div class="utrecht-form-field">
        <label class="utrecht-form-label liec-label" for="email">E-mailadres</label>
        <input
          type="email"
          class="utrecht-textbox utrecht-textbox--html-input"
          id="email"
          name="email"
          autocomplete="username"
          required
          value="${options.email ?? ''}"
          ${options.error ? html`aria-describedby="login-error"` : ''}
        />
      </div>
      <div class="utrecht-form-field">
        <label class="utrecht-form-label liec-label" for="password">Wachtwoord</label>
        <input
          type="password"
          class="utrecht-textbox utrecht-textbox--html-input"
          id="password"
          name="password"
          autocomplete="current-password"
          required
        />
      </div>
      <button type="submit" class="utrecht-button utrecht-button--primary-action">Inloggen</button>
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
    body: html`<h1 class="utrecht-heading-1">${title}</h1>
      <p class="utrecht-paragraph">${message}</p>
      <p class="utrecht-paragraph">
        <a class="utrecht-link utrecht-link--html-a" href="/">Naar het overzicht</a>
      </p>`,
  });
}
