-- CreateTable
CREATE TABLE "SignalCoSubmitter" (
    "id" UUID NOT NULL,
    "signalId" UUID NOT NULL,
    "organisationId" UUID NOT NULL,
    "addedAt" TIMESTAMPTZ(3) NOT NULL,
    "addedBy" TEXT NOT NULL,
    "removedAt" TIMESTAMPTZ(3),
    "removedBy" TEXT,

    CONSTRAINT "SignalCoSubmitter_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SignalCoSubmitter_organisationId_signalId_idx" ON "SignalCoSubmitter"("organisationId", "signalId");

-- CreateIndex
CREATE UNIQUE INDEX "SignalCoSubmitter_one_current_key" ON "SignalCoSubmitter"("signalId", "organisationId") WHERE ("removedAt" IS NULL);

-- AddForeignKey
ALTER TABLE "SignalCoSubmitter" ADD CONSTRAINT "SignalCoSubmitter_signalId_fkey" FOREIGN KEY ("signalId") REFERENCES "Signal"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SignalCoSubmitter" ADD CONSTRAINT "SignalCoSubmitter_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
