-- CreateEnum
CREATE TYPE "EventSubscriptionStatus" AS ENUM ('active', 'retired', 'deleted');

-- CreateEnum
CREATE TYPE "EventDeliveryStatus" AS ENUM ('pending', 'delivered', 'failed', 'cancelled');

-- CreateTable
CREATE TABLE "EventSubscription" (
    "id" UUID NOT NULL,
    "organisationId" UUID,
    "userId" UUID,
    "endpoint" TEXT NOT NULL,
    "eventTypes" TEXT[],
    "tokenSealed" TEXT NOT NULL,
    "description" TEXT,
    "status" "EventSubscriptionStatus" NOT NULL DEFAULT 'active',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endedAt" TIMESTAMPTZ(3),
    "endedReason" TEXT,

    CONSTRAINT "EventSubscription_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CloudEventOutbox" (
    "id" UUID NOT NULL,
    "businessKey" TEXT NOT NULL,
    "eventName" TEXT NOT NULL,
    "signalId" UUID NOT NULL,
    "organisationIds" UUID[],
    "time" TIMESTAMPTZ(3) NOT NULL,
    "data" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "fannedOutAt" TIMESTAMPTZ(3),

    CONSTRAINT "CloudEventOutbox_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EventDelivery" (
    "id" UUID NOT NULL,
    "eventId" UUID NOT NULL,
    "subscriptionId" UUID NOT NULL,
    "status" "EventDeliveryStatus" NOT NULL DEFAULT 'pending',
    "round" INTEGER NOT NULL DEFAULT 1,
    "startedRound" INTEGER NOT NULL DEFAULT 0,
    "startLeaseUntil" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastAttemptAt" TIMESTAMPTZ(3),
    "lastStatusCode" INTEGER,
    "lastError" TEXT,
    "deliveredAt" TIMESTAMPTZ(3),
    "failedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EventDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "EventSubscription_status_idx" ON "EventSubscription"("status");

-- CreateIndex
CREATE INDEX "EventSubscription_organisationId_idx" ON "EventSubscription"("organisationId");

-- CreateIndex
CREATE INDEX "EventSubscription_userId_idx" ON "EventSubscription"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "CloudEventOutbox_businessKey_key" ON "CloudEventOutbox"("businessKey");

-- CreateIndex
CREATE INDEX "CloudEventOutbox_pending_idx" ON "CloudEventOutbox"("createdAt") WHERE ("fannedOutAt" IS NULL);

-- CreateIndex
CREATE INDEX "EventDelivery_to_start_idx" ON "EventDelivery"("createdAt") WHERE ("startedRound" < "round" AND "status" = 'pending');

-- CreateIndex
CREATE INDEX "EventDelivery_status_failedAt_idx" ON "EventDelivery"("status", "failedAt");

-- CreateIndex
CREATE INDEX "EventDelivery_subscriptionId_status_idx" ON "EventDelivery"("subscriptionId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "EventDelivery_eventId_subscriptionId_key" ON "EventDelivery"("eventId", "subscriptionId");

-- AddForeignKey
ALTER TABLE "EventSubscription" ADD CONSTRAINT "EventSubscription_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EventSubscription" ADD CONSTRAINT "EventSubscription_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EventDelivery" ADD CONSTRAINT "EventDelivery_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "CloudEventOutbox"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EventDelivery" ADD CONSTRAINT "EventDelivery_subscriptionId_fkey" FOREIGN KEY ("subscriptionId") REFERENCES "EventSubscription"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
