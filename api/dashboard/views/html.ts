import { html, raw, type Html } from '../../../shared/html';

export { html, Html, raw } from '../../../shared/html';

/** Free text (a signal's content, a reply) as paragraphs and line breaks, independent of template whitespace. */
export function textBlock(text: string): Html {
  const paragraphs = text
    .trim()
    .split(/\r?\n\s*\r?\n/)
    .map((paragraph) => {
      const lines = paragraph.split(/\r?\n/).map((line, index) => (index === 0 ? line : [raw('<br>'), line]));
      return html`<p class="utrecht-paragraph">${lines}</p>`;
    });
  return html`${paragraphs}`;
}
