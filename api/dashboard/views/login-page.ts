import { html } from './html';
import { layout } from './layout';

/** Which sign-in methods the login page offers (DASHBOARD_SIGN_IN). */
export interface SignInMethods {
  local: boolean;
  oidc: boolean;
}

function alerts(options: { notice?: string; error?: string }, errorTitle: string) {
  return html`${
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
              <p class="utrecht-paragraph"><strong>${errorTitle}</strong></p>
              <p class="utrecht-paragraph">${options.error}</p>
            </div>
          </div>
        </div>`
      : ''
  }`;
}

export function loginPage(options: {
  csrfToken: string;
  /** Default: the local form only. */
  methods?: SignInMethods;
  error?: string;
  email?: string;
  next?: string;
  notice?: string;
}): string {
  const next = options.next ?? '/';
  const methods = options.methods ?? { local: true, oidc: false };
  const organisation = methods.oidc
    ? html`<p class="utrecht-paragraph">
        <a
          class="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--primary-action"
          id="sign-in-oidc"
          href="/login/oidc?next=${encodeURIComponent(next)}"
          >Inloggen via uw organisatie</a
        >
      </p>`
    : '';
  const passwordForm = methods.local
    ? html`${methods.oidc ? html`<h2 class="utrecht-heading-2">Of met e-mailadres en wachtwoord</h2>` : ''}
        <form method="post" action="/login" novalidate>
          <input type="hidden" name="_csrf" value="${options.csrfToken}" />
          <input type="hidden" name="next" value="${next}" />
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
        </form>`
    : '';
  const body = html`<div class="liec-login">
    <h1 class="utrecht-heading-1">Inloggen</h1>
    <p class="utrecht-paragraph">Voor coördinatoren van het Landelijk loket Bestuurlijke Signalen.</p>
    ${alerts(options, 'Inloggen is niet gelukt')} ${organisation} ${passwordForm}
  </div>`;
  return layout({ title: 'Inloggen', body });
}

/** The second step of a local account with TOTP: the code from the authenticator app. */
export function codePage(options: { csrfToken: string; error?: string }): string {
  const body = html`<div class="liec-login">
    <h1 class="utrecht-heading-1">Inlogcode</h1>
    <p class="utrecht-paragraph">
      Uw wachtwoord klopt. Vul de code van zes cijfers in die uw authenticator-app nu voor het Landelijk loket
      Bestuurlijke Signalen toont.
    </p>
    ${alerts(options, 'De code is niet geaccepteerd')}
    <form method="post" action="/login/code" novalidate>
      <input type="hidden" name="_csrf" value="${options.csrfToken}" />
      <div class="utrecht-form-field">
        <label class="utrecht-form-label liec-label" for="code">Code</label>
        <input
          type="text"
          class="utrecht-textbox utrecht-textbox--html-input"
          id="code"
          name="code"
          inputmode="numeric"
          autocomplete="one-time-code"
          pattern="[0-9]*"
          maxlength="6"
          required
          ${options.error ? html`aria-describedby="login-error"` : ''}
        />
      </div>
      <button type="submit" class="utrecht-button utrecht-button--primary-action">Inloggen</button>
    </form>
    <p class="utrecht-paragraph">
      <a class="utrecht-link utrecht-link--html-a" href="/login">Opnieuw beginnen</a>
    </p>
  </div>`;
  return layout({ title: 'Inlogcode', body });
}

/** A sign-in that did not lead to a session: what happened and what to do, never a token or a stack trace. */
export function signInProblemPage(title: string, message: string): string {
  return layout({
    title,
    body: html`<div class="liec-login">
      <h1 class="utrecht-heading-1">${title}</h1>
      <p class="utrecht-paragraph">${message}</p>
      <p class="utrecht-paragraph">
        <a class="utrecht-link utrecht-link--html-a" href="/login">Naar de inlogpagina</a>
      </p>
    </div>`,
  });
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

/**
 * After a sign-in at the identity provider: the session cookie is SameSite=Strict, and browsers withhold such a
 * cookie from every request of a redirect chain that a cross-site page (the provider) started. So the callback
 * answers with this page, which goes on to the dashboard by itself: a navigation of our own page, which carries
 * the cookie.
 */
export function signedInPage(next: string): string {
  return layout({
    title: 'Ingelogd',
    continueTo: next,
    body: html`<div class="liec-login">
      <h1 class="utrecht-heading-1">U bent ingelogd</h1>
      <p class="utrecht-paragraph">
        <a class="utrecht-link utrecht-link--html-a" id="continue" href="${next}">Verder naar het dashboard</a>
      </p>
    </div>`,
  });
}
