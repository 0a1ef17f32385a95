-- AlterTable
ALTER TABLE "Reply" ADD COLUMN     "forwardedAt" TIMESTAMPTZ(3);

-- CreateIndex
CREATE INDEX "Reply_signalId_forwardedAt_idx" ON "Reply"("signalId", "forwardedAt");

-- CreateIndex
CREATE INDEX "Reply_forwardedAt_idx" ON "Reply"("forwardedAt");
