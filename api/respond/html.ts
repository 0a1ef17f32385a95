/** The respond pages' safe-HTML builder: the shared tag (api/html.ts) under the names these pages use. */
import { html, Html } from '../html';

export { Html };

type Part = Html | string | number | null | undefined | false | Part[];

// Not named `html`: Prettier would reflow the markup inside, and the pages keep their hand-kept line breaks.
export const markup: (strings: TemplateStringsArray, ...values: Part[]) => Html = html;
