-- AlterTable
-- A rename rather than the generated drop and add: the same column, now a growing login delay instead of a fixed
-- lock (api/dashboard/login-throttle.ts); a lock still running simply counts as a delay.
ALTER TABLE "User" RENAME COLUMN "lockedUntil" TO "loginDelayedUntil";

-- AlterTable
-- Sessions that exist already count as used now: nobody is logged out by the upgrade itself.
ALTER TABLE "Session" ADD COLUMN     "lastUsedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;
