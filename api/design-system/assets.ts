import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import express from 'express';

/**
 * The pages' stylesheets: the NL Design System components (the published bundle, read from node_modules), the
 * LIEC theme (tokens only) and one small layout sheet per surface. Each is served from memory under a URL that
 * carries a hash of its content, so it can be cached for a year and a new release is fetched at once.
 */
export type StylesheetName = 'components' | 'theme' | 'dashboard' | 'respond';

export const STYLESHEET_BASE_PATH = '/design-system';

const SOURCES: Record<StylesheetName, () => string> = {
  components: () => require.resolve('@utrecht/component-library-css/dist/index.css'),
  theme: () => path.join(__dirname, 'liec-theme.css'),
  dashboard: () => path.join(__dirname, '..', 'dashboard', 'assets', 'dashboard.css'),
  respond: () => path.join(__dirname, '..', 'respond', 'respond.css'),
};

/** Every page loads the components and the theme first, then its own layout sheet. */
const PAGE_SHEETS: Record<'dashboard' | 'respond', StylesheetName[]> = {
  dashboard: ['components', 'theme', 'dashboard'],
  respond: ['components', 'theme', 'respond'],
};

interface Stylesheet {
  fileName: string;
  href: string;
  body: Buffer;
  gzipped: Buffer;
}

let loaded: Map<StylesheetName, Stylesheet> | undefined;

function stylesheets(): Map<StylesheetName, Stylesheet> {
  if (loaded) return loaded;
  const sheets = new Map<StylesheetName, Stylesheet>();
  for (const [name, source] of Object.entries(SOURCES) as [StylesheetName, () => string][]) {
    const body = fs.readFileSync(source());
    const hash = crypto.createHash('sha256').update(body).digest('hex').slice(0, 16);
    const fileName = `${name}.${hash}.css`;
    sheets.set(name, {
      fileName,
      href: `${STYLESHEET_BASE_PATH}/${fileName}`,
      body,
      gzipped: zlib.gzipSync(body, { level: 9 }),
    });
  }
  loaded = sheets;
  return sheets;
}

/** The stylesheet URLs a page links, in cascade order. */
export function stylesheetHrefs(page: 'dashboard' | 'respond'): string[] {
  const sheets = stylesheets();
  return PAGE_SHEETS[page].map((name) => sheets.get(name)!.href);
}

/** Serves the stylesheets; reads and hashes them once, when the app is built. */
export function createStylesheetRouter(): express.Router {
  const byFile = new Map([...stylesheets().values()].map((sheet) => [sheet.fileName, sheet]));
  const router = express.Router();
  router.get(`${STYLESHEET_BASE_PATH}/:file`, (req, res, next) => {
    const sheet = byFile.get(req.params.file);
    if (!sheet) return next();
    res.set({
      'Content-Type': 'text/css; charset=utf-8',
      'Cache-Control': 'public, max-age=31536000, immutable',
      Vary: 'Accept-Encoding',
    });
    if (req.acceptsEncodings('gzip') === 'gzip') {
      res.set('Content-Encoding', 'gzip').send(sheet.gzipped);
    } else {
      res.send(sheet.body);
    }
  });
  return router;
}
