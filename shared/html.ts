/**
 * The one safe-HTML template tag of the dashboard, the ministry pages, the API docs page and the mails: every
 * interpolated value is escaped unless it is already `Html` (a rendered fragment, or `raw` markup this code built
 * itself). Arrays are rendered item by item; null, undefined and false render nothing.
 */
const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text for HTML element content and quoted attribute values (& < > " '). */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char]!);
}

export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

function render(value: unknown): string {
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  if (typeof value === 'string') return escapeHtml(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new TypeError(`cannot render ${typeof value} into HTML`);
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0]!;
  values.forEach((value, index) => {
    out += render(value) + strings[index + 1]!;
  });
  return new Html(out);
}

/** Trusted markup or CSS this code built itself; never for anything from a request or the database. */
export function raw(markup: string): Html {
  return new Html(markup);
}
