import type { Request, Response } from 'express';
import multer from 'multer';
import { admitStart, normaliseFilename, StreamingAdmission } from './admit';
import type { DocumentStorage } from './storage';
import { problem, ProblemError } from '../http/problem';

/** A document of a multipart upload, its bytes already in the document store. */
export interface ReceivedDocument {
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  blobId: string;
}

export interface ReceiveLimits {
  maxFileBytes: number;
  /** How many files this request may still bring. */
  maxFiles: number;
}

export const DOCUMENTS_FIELD = 'documents';
const TYPES = 'a PDF, DOCX, ODT or plain-text (UTF-8) file';

/** A file whose name, declared type or content is not an allowed document; carries its normalised name. */
class DocumentRefused extends Error {
  constructor(readonly filename: string) {
    super(`${filename} is not an allowed document`);
    this.name = 'DocumentRefused';
  }
}

interface StoredFileInfo {
  path: string;
  filename: string;
  mimetype: string;
  size: number;
  sha256: string;
}

/**
 * A multer storage engine that streams every file through the admission (type from the bytes) into the document
 * store: no file is ever held whole in memory or on disk. multer removes what one request stored when any of its
 * files fails, so a request is stored whole or not at all.
 */
function documentStoreEngine(storage: DocumentStorage): multer.StorageEngine {
  return {
    _handleFile(_req, file, callback) {
      const start = admitStart(file.originalname, file.mimetype);
      if (!(start instanceof StreamingAdmission)) {
        file.stream.resume();
        callback(new DocumentRefused(start.rejected));
        return;
      }
      const admission = start;
      async function* checked() {
        for await (const chunk of file.stream as AsyncIterable<Buffer>) {
          admission.feed(chunk);
          yield chunk;
        }
      }
      storage.put(checked()).then(
        async (blob) => {
          if (!admission.admitted()) {
            await storage.remove([blob.id]).catch(() => undefined);
            callback(new DocumentRefused(admission.filename));
            return;
          }
          const info: StoredFileInfo = {
            path: blob.id,
            filename: admission.filename,
            mimetype: admission.contentType,
            size: blob.size,
            sha256: blob.sha256,
          };
          callback(null, info);
        },
        (error: unknown) => callback(error),
      );
    },
    _removeFile(_req, file, callback) {
      storage.remove([file.path]).then(
        () => callback(null),
        (error: unknown) => callback(error as Error),
      );
    },
  };
}

function refusal(error: unknown, limits: ReceiveLimits): ProblemError {
  if (error instanceof ProblemError) return error;
  if (error instanceof DocumentRefused) {
    const message = `"${error.filename}" is not ${TYPES} whose content matches its name and declared type; nothing of this request was stored.`;
    return new ProblemError(415, 'unsupported-media-type', `${DOCUMENTS_FIELD}: ${message}`, {
      errors: [{ field: DOCUMENTS_FIELD, message }],
    });
  }
  if (error instanceof multer.MulterError) {
    if (error.code === 'LIMIT_FILE_SIZE') {
      const name = normaliseFilename((error as { filename?: string }).filename ?? 'document');
      const message = `"${name}" is larger than ${limits.maxFileBytes} bytes; nothing of this request was stored.`;
      return new ProblemError(413, 'payload-too-large', `${DOCUMENTS_FIELD}: ${message}`, {
        errors: [{ field: DOCUMENTS_FIELD, message }],
      });
    }
    if (error.code === 'LIMIT_FILE_COUNT') {
      const message = `this signal can take ${limits.maxFiles} more document(s); nothing of this request was stored.`;
      return new ProblemError(413, 'payload-too-large', `${DOCUMENTS_FIELD}: ${message}`, {
        errors: [{ field: DOCUMENTS_FIELD, message }],
      });
    }
    if (error.code === 'LIMIT_UNEXPECTED_FILE') {
      return problem.field(error.field ?? 'file', `files go in the part "${DOCUMENTS_FIELD}"`);
    }
    return problem.invalid(`The multipart body was refused: ${error.message}.`);
  }
  return problem.invalid('The multipart/form-data body could not be read to its end.');
}

/**
 * Reads the `documents` parts of a multipart/form-data request into the document store. Answers the stored
 * documents in the order sent; throws a problem naming the file (415 type, 413 size or count, 400 malformed) with
 * nothing of the request kept.
 */
export async function receiveDocuments(
  req: Request,
  storage: DocumentStorage,
  limits: ReceiveLimits,
): Promise<ReceivedDocument[]> {
  const upload = multer({
    storage: documentStoreEngine(storage),
    defParamCharset: 'utf8',
    limits: {
      fileSize: limits.maxFileBytes,
      files: limits.maxFiles,
      fields: 5,
      fieldSize: 1024,
      parts: limits.maxFiles + 5,
      headerPairs: 20,
    },
  }).array(DOCUMENTS_FIELD, limits.maxFiles);
  const failure = await new Promise<unknown>((resolve) =>
    upload(req, req.res as Response, (error: unknown) => resolve(error)),
  );
  if (failure) throw refusal(failure, limits);
  const files = (req.files as unknown as StoredFileInfo[] | undefined) ?? [];
  if (files.length === 0) {
    throw problem.field(DOCUMENTS_FIELD, `send at least one file in the part "${DOCUMENTS_FIELD}"`);
  }
  return files.map((file) => ({
    filename: file.filename,
    contentType: file.mimetype,
    size: file.size,
    sha256: file.sha256,
    blobId: file.path,
  }));
}
