-- Recommendations become rows with an outcome per addressed ministry. The JSON list is converted first, losing
-- nothing: every element becomes a recommendation at its place in the list (a string as it is, anything else as
-- its JSON text; a lone value that is not a list becomes the one recommendation), and every recommendation of a
-- signal that was sent gets an open outcome for each ministry it was sent to. Only then does the column go.

-- CreateEnum
CREATE TYPE "RecommendationOutcomeKind" AS ENUM ('open', 'under_consideration', 'adopted', 'partly_adopted', 'not_adopted');

-- CreateTable
CREATE TABLE "Recommendation" (
    "id" UUID NOT NULL,
    "signalId" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Recommendation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RecommendationOutcome" (
    "id" UUID NOT NULL,
    "recommendationId" UUID NOT NULL,
    "ministryId" UUID NOT NULL,
    "outcome" "RecommendationOutcomeKind" NOT NULL DEFAULT 'open',
    "reason" TEXT,
    "decidedAt" TIMESTAMPTZ(3),
    "decidedBy" TEXT,
    "proposedOutcome" "RecommendationOutcomeKind",
    "proposedReason" TEXT,
    "proposedAt" TIMESTAMPTZ(3),
    "stateVersion" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "RecommendationOutcome_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Recommendation_signalId_position_key" ON "Recommendation"("signalId", "position");

-- CreateIndex
CREATE INDEX "RecommendationOutcome_ministryId_outcome_idx" ON "RecommendationOutcome"("ministryId", "outcome");

-- CreateIndex
CREATE UNIQUE INDEX "RecommendationOutcome_recommendationId_ministryId_key" ON "RecommendationOutcome"("recommendationId", "ministryId");

-- AddForeignKey
ALTER TABLE "Recommendation" ADD CONSTRAINT "Recommendation_signalId_fkey" FOREIGN KEY ("signalId") REFERENCES "Signal"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RecommendationOutcome" ADD CONSTRAINT "RecommendationOutcome_recommendationId_fkey" FOREIGN KEY ("recommendationId") REFERENCES "Recommendation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RecommendationOutcome" ADD CONSTRAINT "RecommendationOutcome_ministryId_fkey" FOREIGN KEY ("ministryId") REFERENCES "Ministry"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Convert the existing lists.
INSERT INTO "Recommendation" ("id", "signalId", "position", "text", "createdAt")
SELECT gen_random_uuid(), s."id", e.ordinality::int,
       CASE WHEN jsonb_typeof(e.value) = 'string' THEN e.value #>> '{}' ELSE e.value::text END,
       s."submittedAt"
FROM "Signal" s
CROSS JOIN LATERAL jsonb_array_elements(
  CASE WHEN jsonb_typeof(s."recommendations") = 'array' THEN s."recommendations"
       WHEN s."recommendations" IS NULL OR jsonb_typeof(s."recommendations") = 'null' THEN '[]'::jsonb
       ELSE jsonb_build_array(s."recommendations") END
) WITH ORDINALITY AS e(value, ordinality);

INSERT INTO "RecommendationOutcome" ("id", "recommendationId", "ministryId", "outcome")
SELECT gen_random_uuid(), r."id", c."ministryId", 'open'
FROM "Recommendation" r
JOIN "MinistryCase" c ON c."signalId" = r."signalId";

-- AlterTable
ALTER TABLE "Signal" DROP COLUMN "recommendations";
