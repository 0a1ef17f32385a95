-- CreateTable
CREATE TABLE "SignalDocument" (
    "id" UUID NOT NULL,
    "signalId" UUID NOT NULL,
    "filename" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "blobId" UUID NOT NULL,
    "uploadedByType" TEXT NOT NULL,
    "uploadedById" TEXT NOT NULL,
    "uploadedByLabel" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SignalDocument_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DocumentBlob" (
    "id" UUID NOT NULL,
    "size" INTEGER NOT NULL DEFAULT 0,
    "sha256" TEXT,
    "chunkCount" INTEGER NOT NULL DEFAULT 0,
    "completedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DocumentBlob_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DocumentChunk" (
    "blobId" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "data" BYTEA NOT NULL,

    CONSTRAINT "DocumentChunk_pkey" PRIMARY KEY ("blobId","seq")
);

-- Move every reply document's bytes into the document store without loss: one blob per document (its id is the
-- document's own, so the two stay easy to match), its bytes cut into chunks of 256 KiB in order, the size and the
-- SHA-256 computed here from the bytes themselves. The inline column goes only after the copy.
INSERT INTO "DocumentBlob" ("id", "size", "sha256", "chunkCount", "completedAt", "createdAt")
SELECT "id", length("data"), encode(sha256("data"), 'hex'), GREATEST(1, ceil(length("data") / 262144.0)::int),
       "createdAt", "createdAt"
FROM "ReplyDocument";

INSERT INTO "DocumentChunk" ("blobId", "seq", "data")
SELECT d."id", s.seq, substring(d."data" FROM s.seq * 262144 + 1 FOR 262144)
FROM "ReplyDocument" d
CROSS JOIN LATERAL generate_series(0, GREATEST(1, ceil(length(d."data") / 262144.0)::int) - 1) AS s(seq);

-- AlterTable
ALTER TABLE "ReplyDocument" ADD COLUMN "blobId" UUID;
UPDATE "ReplyDocument" SET "blobId" = "id";
ALTER TABLE "ReplyDocument" ALTER COLUMN "blobId" SET NOT NULL,
DROP COLUMN "data";

-- CreateIndex
CREATE UNIQUE INDEX "SignalDocument_blobId_key" ON "SignalDocument"("blobId");

-- CreateIndex
CREATE UNIQUE INDEX "SignalDocument_signalId_position_key" ON "SignalDocument"("signalId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "SignalDocument_signalId_filename_sha256_key" ON "SignalDocument"("signalId", "filename", "sha256");

-- CreateIndex
CREATE INDEX "DocumentBlob_completedAt_createdAt_idx" ON "DocumentBlob"("completedAt", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "ReplyDocument_blobId_key" ON "ReplyDocument"("blobId");

-- AddForeignKey
ALTER TABLE "ReplyDocument" ADD CONSTRAINT "ReplyDocument_blobId_fkey" FOREIGN KEY ("blobId") REFERENCES "DocumentBlob"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SignalDocument" ADD CONSTRAINT "SignalDocument_signalId_fkey" FOREIGN KEY ("signalId") REFERENCES "Signal"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SignalDocument" ADD CONSTRAINT "SignalDocument_blobId_fkey" FOREIGN KEY ("blobId") REFERENCES "DocumentBlob"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DocumentChunk" ADD CONSTRAINT "DocumentChunk_blobId_fkey" FOREIGN KEY ("blobId") REFERENCES "DocumentBlob"("id") ON DELETE CASCADE ON UPDATE CASCADE;
