import { Readable } from 'node:stream';
import type { PrismaClient } from '../../generated/prisma/client';
import { createDocumentStorage } from './storage';

/** An admitted document whose bytes are already in memory (a reply form's upload, a postal scan sent as base64). */
export interface DocumentInMemory {
  filename: string;
  contentType: string;
  data: Buffer;
}

export interface StoredDocumentRow {
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  blobId: string;
}

/**
 * Puts the documents' bytes in the document store, then lets `create` write the rows that refer to them; when
 * `create` fails (or finds the rows were written before and returns without using them) the blobs go again, so
 * nothing is left that no document refers to.
 */
export async function withStoredDocuments<T>(
  prisma: PrismaClient,
  documents: readonly DocumentInMemory[],
  create: (rows: StoredDocumentRow[]) => Promise<{ result: T; used: boolean }>,
): Promise<T> {
  const storage = createDocumentStorage(prisma);
  const rows: StoredDocumentRow[] = [];
  try {
    for (const document of documents) {
      const blob = await storage.put(Readable.from([document.data]));
      rows.push({
        filename: document.filename,
        contentType: document.contentType,
        size: blob.size,
        sha256: blob.sha256,
        blobId: blob.id,
      });
    }
    const { result, used } = await create(rows);
    if (!used) await storage.remove(rows.map((row) => row.blobId));
    return result;
  } catch (error) {
    await storage.remove(rows.map((row) => row.blobId)).catch(() => undefined);
    throw error;
  }
}
