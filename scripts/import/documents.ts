import fs from 'node:fs';
import path from 'node:path';
import type { PrismaClient } from '../../generated/prisma/client';
import { admitStart, StreamingAdmission } from '../../api/documents/admit';
import type { StoredDocumentRow } from '../../api/documents/stored-bytes';
import { createDocumentStorage } from '../../api/documents/storage';
import type { ImportRecord } from './records';
import type { LineLocator } from './source-lines';

/**
 * The documents an import names by path (a signal's own, and each reply's): checked like an upload before anything
 * is imported (the file exists, its size, its name and its bytes make a PDF, DOCX, ODT or plain text:
 * api/documents/admit.ts), then streamed into the one document store (api/documents/storage.ts) as the record is
 * imported. An error names the record's field, the file and where the import file names it.
 */
export interface ImportDocumentOptions {
  /** Paths are relative to this folder (the import file's); default the working directory. */
  baseDir?: string;
  /** The import file, for error messages: its name and where in it a path is written. */
  source?: { file: string; locate: LineLocator };
  /** DOCUMENT_MAX_BYTES and DOCUMENT_MAX_PER_SIGNAL. */
  maxBytes: number;
  maxPerSignal: number;
}

export interface DocumentReference {
  /** The record's field, e.g. `documents.0` or `replies.1.documents.0`. */
  field: string;
  path: string;
  /** Undefined for the signal's own documents. */
  replyIndex?: number;
}

export function documentReferences(record: ImportRecord): DocumentReference[] {
  return [
    ...record.documents.map((file, index) => ({ field: `documents.${index}`, path: file })),
    ...record.replies.flatMap((reply, replyIndex) =>
      reply.documents.map((file, index) => ({
        field: `replies.${replyIndex}.documents.${index}`,
        path: file,
        replyIndex,
      })),
    ),
  ];
}

const DECLARED = 'application/octet-stream';

function resolve(options: ImportDocumentOptions, file: string): string {
  return path.resolve(options.baseDir ?? process.cwd(), file);
}

/** Streams the file past an admission (never held whole); the admission says whether its bytes fit its name. */
async function* admittedBytes(file: string, admission: StreamingAdmission): AsyncGenerator<Buffer> {
  for await (const chunk of fs.createReadStream(file)) {
    admission.feed(chunk as Buffer);
    yield chunk as Buffer;
  }
}

/** Every problem with one record's documents, as "field: file (where): why" lines; none when all are fine. */
export async function documentProblems(
  record: ImportRecord,
  recordIndex: number,
  options: ImportDocumentOptions,
): Promise<string[]> {
  const problems: string[] = [];
  const references = documentReferences(record);
  const signalDocuments = references.filter((ref) => ref.replyIndex === undefined);
  if (signalDocuments.length > options.maxPerSignal) {
    problems.push(
      `documents: ${signalDocuments.length} documents; a signal holds at most ${options.maxPerSignal}`,
    );
  }
  const names = new Map<string, string>();
  for (const ref of references) {
    const line = options.source?.locate(recordIndex, ref.path);
    const where = options.source
      ? ` (${path.basename(options.source.file)}${line ? ` line ${line}` : ''})`
      : '';
    const fail = (why: string) => problems.push(`${ref.field}: ${ref.path}${where}: ${why}`);
    const file = resolve(options, ref.path);
    const stat = await fs.promises.stat(file).catch(() => undefined);
    if (!stat) {
      fail(`no such file (${file})`);
      continue;
    }
    if (!stat.isFile()) {
      fail(`not a file (${file})`);
      continue;
    }
    if (stat.size > options.maxBytes) {
      fail(`${stat.size} bytes; a document is at most ${options.maxBytes} bytes`);
      continue;
    }
    const admission = admitStart(path.basename(file), DECLARED);
    if (!(admission instanceof StreamingAdmission)) {
      fail('not a PDF, DOCX, ODT or TXT file (by its name)');
      continue;
    }
    for await (const _chunk of admittedBytes(file, admission)) {
      // read through: the admission looks at every chunk
    }
    if (!admission.admitted()) {
      fail('its content is not the PDF, DOCX, ODT or plain text its name says');
      continue;
    }
    const owner = `${ref.replyIndex ?? 'signal'}\n${admission.filename}`;
    if (names.has(owner)) fail(`named twice (also ${names.get(owner)})`);
    names.set(owner, ref.field);
  }
  return problems;
}

export interface StoredImportDocuments {
  signal: StoredDocumentRow[];
  /** Per reply index. */
  replies: Map<number, StoredDocumentRow[]>;
  blobIds: string[];
}

/**
 * Streams one record's documents into the document store (checked again on the way: a file changed since the
 * check is refused). On any failure the blobs stored so far go again, so nothing is half-imported.
 */
export async function storeImportDocuments(
  prisma: PrismaClient,
  record: ImportRecord,
  options: Pick<ImportDocumentOptions, 'baseDir'>,
): Promise<StoredImportDocuments> {
  const storage = createDocumentStorage(prisma);
  const stored: StoredImportDocuments = { signal: [], replies: new Map(), blobIds: [] };
  try {
    for (const ref of documentReferences(record)) {
      const file = path.resolve(options.baseDir ?? process.cwd(), ref.path);
      const admission = admitStart(path.basename(file), DECLARED);
      if (!(admission instanceof StreamingAdmission)) throw new Error(`${ref.field}: ${ref.path} is refused`);
      const blob = await storage.put(admittedBytes(file, admission));
      stored.blobIds.push(blob.id);
      if (!admission.admitted()) throw new Error(`${ref.field}: ${ref.path} changed since it was checked`);
      const row = {
        filename: admission.filename,
        contentType: admission.contentType,
        size: blob.size,
        sha256: blob.sha256,
        blobId: blob.id,
      };
      if (ref.replyIndex === undefined) stored.signal.push(row);
      else stored.replies.set(ref.replyIndex, [...(stored.replies.get(ref.replyIndex) ?? []), row]);
    }
    return stored;
  } catch (error) {
    await storage.remove(stored.blobIds).catch(() => undefined);
    throw error;
  }
}
