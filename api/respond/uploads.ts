import path from 'node:path';
import multer from 'multer';

export interface UploadPolicy {
  maxFiles: number;
  maxFileBytes: number;
}

export const DEFAULT_UPLOAD_POLICY: UploadPolicy = { maxFiles: 5, maxFileBytes: 10 * 1024 * 1024 };

interface AllowedType {
  contentType: string;
  /** Types browsers and mail clients actually send for this extension. */
  accepted: string[];
  /** The file must start like this (so a renamed executable is not stored as a "PDF"). */
  looksRight(data: Buffer): boolean;
}

const ZIP = (data: Buffer): boolean => data.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
const GENERIC = ['application/octet-stream', 'binary/octet-stream', 'application/x-download'];

const ALLOWED: Record<string, AllowedType> = {
  '.pdf': {
    contentType: 'application/pdf',
    accepted: ['application/pdf', 'application/x-pdf', ...GENERIC],
    looksRight: (data) => data.subarray(0, 5).toString('latin1') === '%PDF-',
  },
  '.docx': {
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    accepted: [
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'application/zip',
      ...GENERIC,
    ],
    looksRight: ZIP,
  },
  '.odt': {
    contentType: 'application/vnd.oasis.opendocument.text',
    accepted: ['application/vnd.oasis.opendocument.text', 'application/zip', ...GENERIC],
    looksRight: ZIP,
  },
  '.txt': {
    contentType: 'text/plain; charset=utf-8',
    accepted: ['text/plain', ...GENERIC],
    looksRight: (data) => !data.includes(0) && isUtf8(data),
  },
};

function isUtf8(data: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(data);
    return true;
  } catch {
    return false;
  }
}

/** Multipart parsing into memory (documents are stored in PostgreSQL), bounded in every dimension. */
export function replyUpload(policy: UploadPolicy) {
  return multer({
    storage: multer.memoryStorage(),
    defParamCharset: 'utf8',
    limits: {
      fileSize: policy.maxFileBytes,
      files: policy.maxFiles,
      fields: 10,
      fieldSize: 128 * 1024,
      parts: policy.maxFiles + 10,
    },
  }).array('documents', policy.maxFiles);
}

export interface CheckedDocument {
  filename: string;
  contentType: string;
  data: Buffer;
}

/** The documents as they will be stored, or the name of the first one that is not an allowed type. */
export function checkDocuments(
  files: Express.Multer.File[],
): { ok: CheckedDocument[] } | { rejected: string } {
  const ok: CheckedDocument[] = [];
  for (const file of files) {
    const filename = safeFilename(file.originalname);
    const allowed = ALLOWED[path.extname(filename).toLowerCase()];
    const declared = file.mimetype.split(';')[0]!.trim().toLowerCase();
    if (
      !allowed ||
      !allowed.accepted.includes(declared) ||
      file.size === 0 ||
      !allowed.looksRight(file.buffer)
    ) {
      return { rejected: filename };
    }
    ok.push({ filename, contentType: allowed.contentType, data: file.buffer });
  }
  return { ok };
}

function safeFilename(name: string): string {
  // Control characters and quotes never belong in a file name shown on pages and in downloads.
  // eslint-disable-next-line no-control-regex
  const unsafe = /[\u0000-\u001f\u007f"]/g;
  const base = path.basename(name.replace(/\\/g, '/')).replace(unsafe, '').trim();
  return (base || 'document').slice(-200);
}
