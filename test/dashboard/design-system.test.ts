import express from 'express';
import request from 'supertest';
import { loginPage } from '../../api/dashboard/views/login-page';
import { createStylesheetRouter, stylesheetHrefs } from '../../api/design-system/assets';
import { messagePage } from '../../api/respond/pages';
import { respondHeaders } from '../../api/respond/security';

/**
 * The dashboard and the ministry pages take their look from the NL Design System components' CSS in the LIEC
 * theme, served by the app itself: same origin, content-hashed URLs, cached for a year.
 */
const linkedStylesheets = (page: string): string[] =>
  [...page.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)].map((match) => match[1]!);

describe('pages built on the NL Design System components', () => {
  const app = express().use(createStylesheetRouter());

  it('serves the component library, the LIEC theme and a layout sheet under content-hashed URLs', async () => {
    const hrefs = linkedStylesheets(loginPage({ csrfToken: 'csrf' }));
    expect(hrefs).toEqual(stylesheetHrefs('dashboard'));
    expect(hrefs).toEqual([
      expect.stringMatching(/^\/design-system\/components\.[0-9a-f]{16}\.css$/),
      expect.stringMatching(/^\/design-system\/theme\.[0-9a-f]{16}\.css$/),
      expect.stringMatching(/^\/design-system\/dashboard\.[0-9a-f]{16}\.css$/),
    ]);
    const [components, theme, layout] = await Promise.all(
      hrefs.map((href) => request(app).get(href).set('Accept-Encoding', 'gzip').expect(200)),
    );
    for (const response of [components!, theme!, layout!]) {
      expect(response.headers['content-type']).toBe('text/css; charset=utf-8');
      expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(response.headers['content-encoding']).toBe('gzip');
    }
    // The published bundle itself, licence header and all, and a theme made of its tokens.
    expect(components!.text).toContain('@license EUPL-1.2');
    expect(components!.text).toContain('.utrecht-button--primary-action');
    expect(theme!.text).toContain('.liec-theme');
    expect(theme!.text).toContain('--utrecht-button-primary-action-background-color');
    expect(layout!.text).not.toContain('.rhs-');
    // Without gzip the same file; an unknown or outdated hash is not served.
    const plain = await request(app).get(hrefs[0]!).set('Accept-Encoding', 'identity').expect(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.text).toBe(components!.text);
    await request(app).get('/design-system/components.0000000000000000.css').expect(404);
  });

  it('marks up the dashboard with component classes in the LIEC theme', () => {
    const page = loginPage({ csrfToken: 'csrf', error: 'Onjuist wachtwoord.' });
    expect(page).toContain('<html lang="nl" class="liec-theme">');
    expect(page).toContain('<body class="utrecht-document utrecht-document--surface liec-dashboard">');
    for (const component of [
      'utrecht-skip-link',
      'utrecht-page-header',
      'utrecht-heading-1',
      'utrecht-alert utrecht-alert--error',
      'utrecht-form-field',
      'utrecht-form-label',
      'utrecht-textbox',
      'utrecht-button utrecht-button--primary-action',
      'utrecht-page-footer',
    ]) {
      expect(page).toContain(component);
    }
    expect(page).not.toMatch(/rhs-|<style/);
  });

  it('gives the ministry pages the same components with a CSP that allows only same-origin stylesheets', async () => {
    const page = messagePage(
      { language: 'nl' },
      { kind: 'error', title: 'Link niet gevonden', lines: ['x'] },
    );
    expect(linkedStylesheets(page)).toEqual(stylesheetHrefs('respond'));
    expect(page).toContain('utrecht-alert utrecht-alert--error');
    expect(page).not.toMatch(/<style|style=/);
    const headers = express()
      .use(respondHeaders())
      .get('/', (_req, res) => {
        res.send(page);
      });
    const response = await request(headers).get('/').expect(200);
    expect(response.headers['content-security-policy']).toMatch(/style-src 'self'(;|$)/);
    expect(response.headers['content-security-policy']).not.toContain('unsafe-inline');
  });
});
