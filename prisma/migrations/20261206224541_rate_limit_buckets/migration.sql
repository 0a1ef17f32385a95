-- CreateTable
CREATE TABLE "RateLimitBucket" (
    "bucket" TEXT NOT NULL,
    "limiter" TEXT NOT NULL,
    "hits" INTEGER NOT NULL,
    "resetAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "RateLimitBucket_pkey" PRIMARY KEY ("bucket")
);

-- CreateIndex
CREATE INDEX "RateLimitBucket_resetAt_idx" ON "RateLimitBucket"("resetAt");

-- Written by hand (Prisma's schema has no word for it): the counts are worth no WAL. An unlogged table skips the
-- write-ahead log, so a hit costs no flush to disk; a crash of PostgreSQL (or a fail-over to a standby) empties it,
-- which only starts every budget's window afresh.
ALTER TABLE "RateLimitBucket" SET UNLOGGED;
