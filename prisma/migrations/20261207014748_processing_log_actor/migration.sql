-- AlterTable
ALTER TABLE "MailOutbox" ADD COLUMN     "contactId" UUID;

-- AlterTable
ALTER TABLE "ProcessingLogRecord" ADD COLUMN     "actorOrganisation" TEXT;
