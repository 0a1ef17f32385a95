/** A minimal safe-HTML builder: every interpolated value is escaped unless it is already Html. */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Part = Html | string | number | null | undefined | false | Part[];

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function render(part: Part): string {
  if (part === null || part === undefined || part === false) return '';
  if (part instanceof Html) return part.value;
  if (Array.isArray(part)) return part.map(render).join('');
  return escapeHtml(String(part));
}

// Not named `html`: Prettier would reformat the markup inside, and with it the hashed <style> content.
export function markup(strings: TemplateStringsArray, ...values: Part[]): Html {
  return new Html(
    strings.reduce(
      (out, text, index) => out + text + (index < values.length ? render(values[index]) : ''),
      '',
    ),
  );
}

/** Inserts our own constant markup or CSS verbatim; never for anything that came from a request or the database. */
export function trusted(value: string): Html {
  return new Html(value);
}
