import { escapeHtml } from '../../../shared/html-escape';
import { Html } from '../../html';

export { html, Html, raw } from '../../html';

/** Free text (a signal's content, a reply) as paragraphs and line breaks, independent of template whitespace. */
export function textBlock(text: string): Html {
  const paragraphs = text
    .trim()
    .split(/\r?\n\s*\r?\n/)
    .map(
      (paragraph) =>
        `<p class="utrecht-paragraph">${paragraph.split(/\r?\n/).map(escapeHtml).join('<br>')}</p>`,
    );
  return new Html(paragraphs.join(''));
}
