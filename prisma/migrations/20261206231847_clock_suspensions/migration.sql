-- AlterTable
ALTER TABLE "Signal" ADD COLUMN     "suspendedSince" TIMESTAMPTZ(3),
ADD COLUMN     "suspensionReason" TEXT;

-- AlterTable
ALTER TABLE "MinistryCase" ADD COLUMN     "ackSuspendedSince" TIMESTAMPTZ(3),
ADD COLUMN     "ackSuspensionReason" TEXT,
ADD COLUMN     "replySuspendedSince" TIMESTAMPTZ(3),
ADD COLUMN     "replySuspensionReason" TEXT,
ADD COLUMN     "suspensionRequestReason" TEXT,
ADD COLUMN     "suspensionRequestedAt" TIMESTAMPTZ(3);
