-- CreateEnum
CREATE TYPE "FollowUpProgress" AS ENUM ('implemented', 'in_progress', 'dropped');

-- AlterTable
ALTER TABLE "MinistryCase" ADD COLUMN     "followUpDueAt" TIMESTAMPTZ(3),
ADD COLUMN     "followUpNote" TEXT,
ADD COLUMN     "followUpProgress" "FollowUpProgress",
ADD COLUMN     "followUpReportedAt" TIMESTAMPTZ(3),
ADD COLUMN     "followUpRequestAt" TIMESTAMPTZ(3);
