import crypto from 'node:crypto';
import { Readable } from 'node:stream';
import type { Prisma, PrismaClient } from '../../generated/prisma/client';

/**
 * Where a document's bytes live. Today PostgreSQL (the loket stores hundreds of documents a year, not millions):
 * rows of at most 256 KiB, written as the bytes arrive and read back one at a time, so no document is ever held
 * whole in memory. Everything else refers to a blob by its id only, so an object store can replace this module.
 */
export interface DocumentStorage {
  /** Streams the bytes in; the size and SHA-256 (hex) are computed on the way. */
  put(
    source: AsyncIterable<Buffer | Uint8Array | string> | Iterable<Buffer | Uint8Array>,
  ): Promise<StoredBlob>;
  /** The bytes of a stored blob, streamed out chunk by chunk. */
  open(blobId: string): Readable;
  /** Removes blobs no document refers to any more (a refused or abandoned upload). */
  remove(blobIds: readonly string[]): Promise<void>;
}

export interface StoredBlob {
  id: string;
  size: number;
  sha256: string;
}

export const CHUNK_BYTES = 256 * 1024;

type BlobClient = Pick<PrismaClient, 'documentBlob'> | Prisma.TransactionClient;

/** Removes blobs (their chunks go with them) inside the caller's transaction, e.g. with the document rows. */
export async function removeBlobs(client: BlobClient, blobIds: readonly string[]): Promise<void> {
  if (blobIds.length === 0) return;
  await client.documentBlob.deleteMany({ where: { id: { in: [...blobIds] } } });
}

const asBuffer = (data: Uint8Array) => Buffer.from(data.buffer, data.byteOffset, data.byteLength);

export function createDocumentStorage(prisma: PrismaClient): DocumentStorage {
  return {
    async put(source) {
      // completedAt stays null until the last chunk is in: a cut-off upload never looks like a document.
      const { id } = await prisma.documentBlob.create({ data: {}, select: { id: true } });
      const hash = crypto.createHash('sha256');
      let size = 0;
      let seq = 0;
      let pending: Buffer[] = [];
      let pendingBytes = 0;
      const write = async (data: Buffer) => {
        // Raw SQL: the bytes go to PostgreSQL as a bytea parameter, not through the query compiler's plan cache.
        await prisma.$executeRaw`
          INSERT INTO "DocumentChunk" ("blobId", "seq", "data") VALUES (${id}::uuid, ${seq}, ${data})`;
        seq++;
      };
      try {
        for await (const piece of source) {
          const chunk = typeof piece === 'string' ? Buffer.from(piece) : asBuffer(piece);
          hash.update(chunk);
          size += chunk.length;
          pending.push(chunk);
          pendingBytes += chunk.length;
          while (pendingBytes >= CHUNK_BYTES) {
            const joined = Buffer.concat(pending, pendingBytes);
            await write(joined.subarray(0, CHUNK_BYTES));
            const rest = joined.subarray(CHUNK_BYTES);
            pending = rest.length > 0 ? [rest] : [];
            pendingBytes = rest.length;
          }
        }
        if (pendingBytes > 0) await write(Buffer.concat(pending, pendingBytes));
        const sha256 = hash.digest('hex');
        await prisma.documentBlob.update({
          where: { id },
          data: { size, sha256, chunkCount: seq, completedAt: new Date() },
        });
        return { id, size, sha256 };
      } catch (error) {
        await removeBlobs(prisma, [id]).catch(() => undefined);
        throw error;
      }
    },

    open(blobId) {
      async function* chunks() {
        const blob = await prisma.documentBlob.findUnique({
          where: { id: blobId },
          select: { chunkCount: true, completedAt: true },
        });
        if (!blob?.completedAt) throw new Error(`document blob ${blobId} is not stored`);
        for (let seq = 0; seq < blob.chunkCount; seq++) {
          const [chunk] = await prisma.$queryRaw<Array<{ data: Uint8Array }>>`
            SELECT "data" FROM "DocumentChunk" WHERE "blobId" = ${blobId}::uuid AND "seq" = ${seq}`;
          if (!chunk) throw new Error(`document blob ${blobId} lacks chunk ${seq}`);
          yield asBuffer(chunk.data);
        }
      }
      return Readable.from(chunks(), { objectMode: false });
    },

    remove: (blobIds) => removeBlobs(prisma, blobIds),
  };
}
