/**
 * Where in an import file a record (or a value inside it) stands, so an error can name the line: "bijlage.exe
 * (signalen.json line 14)". JSON: the records are the elements of the file's array (or of its `signals` array);
 * a value is looked up as written inside its record. CSV: the line a record's row starts on.
 */
export type LineLocator = (recordIndex: number, value?: string) => number | undefined;

const lineAt = (text: string, offset: number) => text.slice(0, offset).split('\n').length;

/** The [start, end) offsets of each element object of the records array of a JSON import. */
function jsonRecordRanges(text: string): Array<[number, number]> {
  const root = text.search(/\S/);
  if (root < 0) return [];
  let arrayAt = -1;
  if (text[root] === '[') arrayAt = root;
  else {
    const key = /"signals"\s*:\s*\[/.exec(text);
    if (key) arrayAt = key.index + key[0].length - 1;
  }
  if (arrayAt < 0) return [];
  const ranges: Array<[number, number]> = [];
  let depth = 0;
  let inString = false;
  let start = -1;
  for (let i = arrayAt; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
      continue;
    }
    if (char === '"') inString = true;
    else if (char === '[' || char === '{') {
      if (depth === 1 && char === '{') start = i;
      depth++;
    } else if (char === ']' || char === '}') {
      depth--;
      if (depth === 1 && char === '}' && start >= 0) ranges.push([start, i + 1]);
      if (depth === 0) break;
    }
  }
  return ranges;
}

/** The line each data row of a CSV import starts on (blank lines skipped, quoted line breaks followed). */
function csvRowLines(text: string): number[] {
  const lines: number[] = [];
  let line = 1;
  let rowStart = 1;
  let rowHasContent = false;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (char === '"') quoted = !quoted;
    if (char === '\n' && !quoted) {
      if (rowHasContent) lines.push(rowStart);
      line++;
      rowStart = line;
      rowHasContent = false;
      continue;
    }
    if (char === '\n') line++;
    else if (!/\s/.test(char) && char !== ';' && char !== ',') rowHasContent = true;
  }
  if (rowHasContent) lines.push(rowStart);
  return lines.slice(1); // the header
}

export function lineLocator(text: string, format: 'json' | 'csv'): LineLocator {
  if (format === 'csv') {
    const lines = csvRowLines(text.replace(/\r\n?/g, '\n'));
    return (recordIndex) => lines[recordIndex];
  }
  const ranges = jsonRecordRanges(text);
  return (recordIndex, value) => {
    const range = ranges[recordIndex];
    if (!range) return undefined;
    const at = value === undefined ? -1 : text.slice(range[0], range[1]).indexOf(JSON.stringify(value));
    return lineAt(text, at >= 0 ? range[0] + at : range[0]);
  };
}
