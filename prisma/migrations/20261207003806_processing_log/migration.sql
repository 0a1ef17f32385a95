-- CreateTable
CREATE TABLE "ProcessingLogRecord" (
    "id" UUID NOT NULL,
    "traceId" CHAR(32) NOT NULL,
    "spanId" CHAR(16) NOT NULL,
    "name" TEXT NOT NULL,
    "startTime" TIMESTAMPTZ(3) NOT NULL,
    "endTime" TIMESTAMPTZ(3) NOT NULL,
    "status" TEXT NOT NULL,
    "processingActivityId" TEXT NOT NULL,
    "dataSubjectId" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProcessingLogRecord_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ProcessingLogRecord_dataSubjectId_startTime_idx" ON "ProcessingLogRecord"("dataSubjectId", "startTime");

-- Append-only: a processing log that can be edited proves nothing. Corrections are new records.
CREATE FUNCTION "ProcessingLogRecord_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the processing log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER "ProcessingLogRecord_append_only" BEFORE UPDATE OR DELETE ON "ProcessingLogRecord"
  FOR EACH ROW EXECUTE FUNCTION "ProcessingLogRecord_refuse_change"();
CREATE TRIGGER "ProcessingLogRecord_no_truncate" BEFORE TRUNCATE ON "ProcessingLogRecord"
  FOR EACH STATEMENT EXECUTE FUNCTION "ProcessingLogRecord_refuse_change"();
