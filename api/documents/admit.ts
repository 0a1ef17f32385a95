import path from 'node:path';

/**
 * Where a document enters (a ministry contact's upload, a coordinator's scan of a letter), it passes here: one
 * rule for the name and one for the type, so what is stored and later shown or downloaded never depends on the
 * way it came in.
 */

export interface IncomingDocument {
  filename: string;
  /** What the sender said the type is; only a hint, checked against the content. */
  declaredType: string;
  data: Buffer;
}

export interface AdmittedDocument {
  filename: string;
  /** Ours, from the content and the extension; never the sender's word. */
  contentType: string;
  data: Buffer;
}

export type Admission = { ok: AdmittedDocument } | { rejected: string };

export const ALLOWED_EXTENSIONS = ['.pdf', '.docx', '.odt', '.txt'] as const;
const MAX_FILENAME_CHARS = 200;
const MAX_EXTENSION_CHARS = 10;
const GENERIC = ['application/octet-stream', 'binary/octet-stream', 'application/x-download'];

type Sniffed = 'pdf' | 'odt' | 'zip' | 'text' | 'unknown';

interface AllowedType {
  contentType: string;
  sniffed: Sniffed;
  /** Types browsers and mail clients actually send for this extension. */
  declared: string[];
}

const ALLOWED: Record<(typeof ALLOWED_EXTENSIONS)[number], AllowedType> = {
  '.pdf': {
    contentType: 'application/pdf',
    sniffed: 'pdf',
    declared: ['application/pdf', 'application/x-pdf', ...GENERIC],
  },
  '.docx': {
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    sniffed: 'zip',
    declared: [
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'application/zip',
      ...GENERIC,
    ],
  },
  '.odt': {
    contentType: 'application/vnd.oasis.opendocument.text',
    sniffed: 'odt',
    declared: ['application/vnd.oasis.opendocument.text', 'application/zip', ...GENERIC],
  },
  '.txt': {
    contentType: 'text/plain; charset=utf-8',
    sniffed: 'text',
    declared: ['text/plain', ...GENERIC],
  },
};

const ODT_MIMETYPE = 'application/vnd.oasis.opendocument.text';

/** The first bytes decide a PDF or a zip (an OpenDocument names itself in its first entry); the rest is for text. */
const HEAD_BYTES = 128;

function headKind(head: Buffer): 'pdf' | 'odt' | 'zip' | undefined {
  if (head.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf';
  if (head.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) {
    // An OpenDocument file starts with an uncompressed entry "mimetype" holding its type (ODF 1.2, §3.3).
    const isOdt =
      head.subarray(30, 38).toString('latin1') === 'mimetype' &&
      head.subarray(38, 38 + ODT_MIMETYPE.length).toString('latin1') === ODT_MIMETYPE;
    return isOdt ? 'odt' : 'zip';
  }
  return undefined;
}

/** What the bytes are: a PDF, an OpenDocument text (its first zip entry names it), another zip, UTF-8 text. */
export function sniff(data: Buffer): Sniffed {
  const kind = headKind(data.subarray(0, HEAD_BYTES));
  if (kind) return kind;
  if (data.length > 0 && !data.includes(0) && isUtf8(data)) return 'text';
  return 'unknown';
}

function isUtf8(data: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(data);
    return true;
  } catch {
    return false;
  }
}

/**
 * The name as it is stored: Unicode NFC (so "é" typed on a Mac matches), without any path (either slash),
 * control or invisible formatting characters (bidi overrides that disguise an extension) or quotes, no leading
 * dots, at most 200 characters with the extension kept.
 */
export function normaliseFilename(name: string): string {
  const base = name.normalize('NFC').replace(/\\/g, '/').split('/').pop() ?? '';
  const cleaned = base
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}"]/gu, '')
    .replace(/\s+/gu, ' ')
    .trim()
    .replace(/^\.+/, '')
    .trim();
  const chars = Array.from(cleaned);
  if (chars.length <= MAX_FILENAME_CHARS) return cleaned || 'document';
  const extension = Array.from(path.extname(cleaned));
  const keep = extension.length <= MAX_EXTENSION_CHARS ? extension : [];
  return chars.slice(0, MAX_FILENAME_CHARS - keep.length).join('') + keep.join('');
}

/**
 * The admission of one document whose bytes stream past: the name and the declared type are judged before the first
 * byte (`admitStart`), the content as it passes (`feed`), the verdict at the end (`admitted`). It keeps at most the
 * first 128 bytes, so a document of any size is checked without being held whole.
 */
export class StreamingAdmission {
  private head = Buffer.alloc(0);
  private size = 0;
  private text = true;
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });

  constructor(
    readonly filename: string,
    readonly contentType: string,
    private readonly expected: Sniffed,
  ) {}

  feed(chunk: Buffer): void {
    this.size += chunk.length;
    if (this.head.length < HEAD_BYTES) {
      this.head = Buffer.concat([this.head, chunk.subarray(0, HEAD_BYTES - this.head.length)]);
    }
    if (this.expected !== 'text' || !this.text) return;
    if (chunk.includes(0)) this.text = false;
    else {
      try {
        this.decoder.decode(chunk, { stream: true });
      } catch {
        this.text = false;
      }
    }
  }

  /** True when the bytes fed are what the name and declared type promised (the same rule as `sniff`). */
  admitted(): boolean {
    if (this.size === 0) return false;
    const kind = headKind(this.head);
    if (kind) return kind === this.expected;
    if (this.expected !== 'text' || !this.text) return false;
    try {
      this.decoder.decode();
      return true;
    } catch {
      this.text = false;
      return false;
    }
  }
}

/** The start of an admission: refused at once (with the normalised name) when the name or declared type is wrong. */
export function admitStart(
  filename: string,
  declaredType: string,
): StreamingAdmission | { rejected: string } {
  const name = normaliseFilename(filename);
  const extension = path.extname(name).toLowerCase();
  const allowed = Object.hasOwn(ALLOWED, extension) ? ALLOWED[extension as keyof typeof ALLOWED] : undefined;
  const declared = declaredType.split(';')[0]!.trim().toLowerCase();
  if (!allowed || !allowed.declared.includes(declared)) return { rejected: name };
  return new StreamingAdmission(name, allowed.contentType, allowed.sniffed);
}

/** The document as it will be stored, or its normalised name when its extension, declared type or bytes disagree. */
export function admitDocument(document: IncomingDocument): Admission {
  const admission = admitStart(document.filename, document.declaredType);
  if (!(admission instanceof StreamingAdmission)) return admission;
  admission.feed(document.data);
  if (!admission.admitted()) return { rejected: admission.filename };
  return {
    ok: { filename: admission.filename, contentType: admission.contentType, data: document.data },
  };
}
