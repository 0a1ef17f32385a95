-- CreateExtension
CREATE EXTENSION IF NOT EXISTS "pg_trgm";

-- CreateIndex
CREATE INDEX "Signal_sentAt_idx" ON "Signal"("sentAt");

-- CreateIndex
CREATE INDEX "Signal_reference_trgm_idx" ON "Signal" USING GIN ("reference" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Signal_title_trgm_idx" ON "Signal" USING GIN ("title" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Signal_summary_trgm_idx" ON "Signal" USING GIN ("summary" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Signal_content_trgm_idx" ON "Signal" USING GIN ("content" gin_trgm_ops);
