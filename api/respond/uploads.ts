import type { Request } from 'express';
import multer from 'multer';
import { admitDocument, type AdmittedDocument } from '../documents/admit';

export interface UploadPolicy {
  maxFiles: number;
  maxFileBytes: number;
}

export const DEFAULT_UPLOAD_POLICY: UploadPolicy = { maxFiles: 5, maxFileBytes: 10 * 1024 * 1024 };

/** Thrown into multer when `beforeFirstFile` refused (and answered): the rest of the body is read and dropped. */
export class UploadRefused extends Error {
  constructor() {
    super('the upload was refused before its first file');
    this.name = 'UploadRefused';
  }
}

/**
 * Multipart parsing, bounded in every dimension. Files are kept in memory (documents are stored in PostgreSQL),
 * but only after `beforeFirstFile` said yes: it runs when the first file part begins, with the fields before it
 * (the form sends its CSRF field first) already in `req.body`. A refusal answers at once and the rest of the body
 * is drained without being kept.
 */
export function replyUpload(policy: UploadPolicy, beforeFirstFile: (req: Request) => boolean) {
  const decided = new WeakMap<Request, boolean>();
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
    fileFilter: (req, _file, callback) => {
      let admitted = decided.get(req);
      if (admitted === undefined) {
        admitted = beforeFirstFile(req);
        decided.set(req, admitted);
      }
      if (admitted) callback(null, true);
      else callback(new UploadRefused());
    },
  }).array('documents', policy.maxFiles);
}

export type CheckedDocument = AdmittedDocument;

/** The documents as they will be stored, or the name of the first one that is not an allowed type. */
export function checkDocuments(
  files: Express.Multer.File[],
): { ok: CheckedDocument[] } | { rejected: string } {
  const ok: CheckedDocument[] = [];
  for (const file of files) {
    const admission = admitDocument({
      filename: file.originalname,
      declaredType: file.mimetype,
      data: file.buffer,
    });
    if ('rejected' in admission) return admission;
    ok.push(admission.ok);
  }
  return { ok };
}
