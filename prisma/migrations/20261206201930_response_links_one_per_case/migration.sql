-- AlterTable
ALTER TABLE "MailOutbox" ADD COLUMN     "responseLinkId" UUID;

-- AlterTable
ALTER TABLE "ResponseToken" ADD COLUMN     "legacy" BOOLEAN NOT NULL DEFAULT false,
ALTER COLUMN "expiresAt" DROP NOT NULL;

-- Every link issued so far predates one link per contact and case: its token was drawn at random (it cannot be
-- derived again) and a contact may hold several for one case. They stay valid as they are ("legacy", outside the
-- index below), so no link already in a mailbox breaks; the next mail to the contact about the case gets the one
-- live link of the new kind.
UPDATE "ResponseToken" SET "legacy" = true;

-- Each mail carries the link row that was made for it (the same business key), also one still waiting to leave.
UPDATE "MailOutbox" AS m SET "responseLinkId" = t."id"
  FROM "ResponseToken" AS t
 WHERE t."businessKey" = m."businessKey";

-- A link now expires RESPONSE_LINK_VALID_DAYS after its case ends, not after it was minted: links of cases still
-- open (and not expired already: nothing comes back to life) lose their expiry until the case ends.
UPDATE "ResponseToken" AS t SET "expiresAt" = NULL
  FROM "Signal" AS s, "Ministry" AS mi, "MinistryCase" AS c
 WHERE t."revokedAt" IS NULL
   AND t."expiresAt" > CURRENT_TIMESTAMP
   AND s."id" = t."signalId"
   AND mi."code" = t."ministryCode"
   AND c."signalId" = t."signalId"
   AND c."ministryId" = mi."id"
   AND c."status" NOT IN ('replied', 'cancelled')
   AND s."status" NOT IN ('replied', 'closed', 'withdrawn', 'rejected');

-- CreateIndex
CREATE UNIQUE INDEX "ResponseToken_one_live_link_key" ON "ResponseToken"("signalId", "ministryCode", "contactId") WHERE ("revokedAt" IS NULL AND NOT "legacy");

-- AddForeignKey
ALTER TABLE "MailOutbox" ADD CONSTRAINT "MailOutbox_responseLinkId_fkey" FOREIGN KEY ("responseLinkId") REFERENCES "ResponseToken"("id") ON DELETE SET NULL ON UPDATE CASCADE;
