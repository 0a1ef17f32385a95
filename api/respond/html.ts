/** The respond pages' safe-HTML builder: the shared tag (api/html.ts) under the names these pages use. */
import { html, Html, raw } from '../html';

export { Html };

type Part = Html | string | number | null | undefined | false | Part[];

// Not named `html`: Prettier would reformat the markup inside, and with it the hashed <style> content.
export const markup: (strings: TemplateStringsArray, ...values: Part[]) => Html = html;

/** Inserts our own constant markup or CSS verbatim; never for anything that came from a request or the database. */
export const trusted: (value: string) => Html = raw;
