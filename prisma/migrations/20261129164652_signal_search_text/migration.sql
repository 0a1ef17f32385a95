-- DropIndex
DROP INDEX "Signal_reference_trgm_idx";

-- DropIndex
DROP INDEX "Signal_title_trgm_idx";

-- DropIndex
DROP INDEX "Signal_summary_trgm_idx";

-- DropIndex
DROP INDEX "Signal_content_trgm_idx";

-- CreateTable
CREATE TABLE "SignalSearchText" (
    "signalId" UUID NOT NULL,
    "document" TEXT NOT NULL,

    CONSTRAINT "SignalSearchText_pkey" PRIMARY KEY ("signalId")
);

-- CreateIndex
CREATE INDEX "SignalSearchText_document_trgm_idx" ON "SignalSearchText" USING GIN ("document" gin_trgm_ops);

-- AddForeignKey
ALTER TABLE "SignalSearchText" ADD CONSTRAINT "SignalSearchText_signalId_fkey" FOREIGN KEY ("signalId") REFERENCES "Signal"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The search text is derived from Signal, so PostgreSQL keeps it: every writer of signals (the API's acceptance
-- statement, amendments, the import, fixtures) stays correct without knowing this table exists. One line per field:
-- a search term never holds a line break (api/http/text.ts), so no match can span two fields.
CREATE FUNCTION "signal_search_text_write"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "SignalSearchText" ("signalId", "document")
  VALUES (NEW."id", concat_ws(E'\n', NEW."reference", NEW."title", NEW."summary", NEW."content"))
  ON CONFLICT ("signalId") DO UPDATE SET "document" = EXCLUDED."document";
  RETURN NULL;
END
$$;

CREATE TRIGGER "Signal_search_text_on_insert" AFTER INSERT ON "Signal"
  FOR EACH ROW EXECUTE FUNCTION "signal_search_text_write"();

-- Only when the searched text changed: the state updates of a signal never touch its search text.
CREATE TRIGGER "Signal_search_text_on_update" AFTER UPDATE OF "reference", "title", "summary", "content" ON "Signal"
  FOR EACH ROW
  WHEN (OLD."reference" IS DISTINCT FROM NEW."reference" OR OLD."title" IS DISTINCT FROM NEW."title"
     OR OLD."summary" IS DISTINCT FROM NEW."summary" OR OLD."content" IS DISTINCT FROM NEW."content")
  EXECUTE FUNCTION "signal_search_text_write"();

-- The signals already stored.
INSERT INTO "SignalSearchText" ("signalId", "document")
SELECT "id", concat_ws(E'\n', "reference", "title", "summary", "content") FROM "Signal";
