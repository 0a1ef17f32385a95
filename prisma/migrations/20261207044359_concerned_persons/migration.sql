-- CreateTable
CREATE TABLE "ConcernedPerson" (
    "id" UUID NOT NULL,
    "signalId" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "birthDate" DATE,
    "role" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ConcernedPerson_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ConcernedPerson_signalId_position_key" ON "ConcernedPerson"("signalId", "position");

-- AddForeignKey
ALTER TABLE "ConcernedPerson" ADD CONSTRAINT "ConcernedPerson_signalId_fkey" FOREIGN KEY ("signalId") REFERENCES "Signal"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
