-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "OrganisationKind" AS ENUM ('riec', 'liec', 'other');

-- CreateEnum
CREATE TYPE "UserRole" AS ENUM ('coordinator', 'lead', 'admin');

-- CreateEnum
CREATE TYPE "SignalStatus" AS ENUM ('submitted', 'in_review', 'changes_requested', 'rejected', 'withdrawn', 'sent', 'partially_replied', 'replied', 'closed');

-- CreateEnum
CREATE TYPE "MinistryCaseStatus" AS ENUM ('awaiting_ack', 'acknowledged', 'extension_requested', 'replied', 'cancelled');

-- CreateEnum
CREATE TYPE "ContactRole" AS ENUM ('contact', 'escalation');

-- CreateEnum
CREATE TYPE "ReplyChannel" AS ENUM ('link', 'post');

-- CreateEnum
CREATE TYPE "MailStatus" AS ENUM ('pending', 'sent', 'failed');

-- CreateTable
CREATE TABLE "Organisation" (
    "id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "OrganisationKind" NOT NULL DEFAULT 'riec',
    "notifyEmail" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Organisation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "User" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" "UserRole" NOT NULL,
    "passwordHash" TEXT,
    "failedLogins" INTEGER NOT NULL DEFAULT 0,
    "lockedUntil" TIMESTAMPTZ(3),
    "disabledAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiKey" (
    "id" UUID NOT NULL,
    "prefix" TEXT NOT NULL,
    "secretHash" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "organisationId" UUID,
    "userId" UUID,
    "expiresAt" TIMESTAMPTZ(3),
    "revokedAt" TIMESTAMPTZ(3),
    "lastUsedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ApiKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "userId" UUID NOT NULL,
    "csrfToken" TEXT NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Ministry" (
    "id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Ministry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MinistryContact" (
    "id" UUID NOT NULL,
    "ministryId" UUID NOT NULL,
    "role" "ContactRole" NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MinistryContact_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReferenceCounter" (
    "year" INTEGER NOT NULL,
    "last" INTEGER NOT NULL,

    CONSTRAINT "ReferenceCounter_pkey" PRIMARY KEY ("year")
);

-- CreateTable
CREATE TABLE "Signal" (
    "id" UUID NOT NULL,
    "reference" TEXT NOT NULL,
    "organisationId" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "recommendations" JSONB NOT NULL DEFAULT '[]',
    "status" "SignalStatus" NOT NULL DEFAULT 'submitted',
    "workflowId" TEXT NOT NULL,
    "workflowStartedAt" TIMESTAMPTZ(3),
    "policyName" TEXT NOT NULL DEFAULT 'default',
    "submitterEmail" TEXT,
    "submittedAt" TIMESTAMPTZ(3) NOT NULL,
    "sentAt" TIMESTAMPTZ(3),
    "closedAt" TIMESTAMPTZ(3),
    "nextDeadlineAt" TIMESTAMPTZ(3),
    "nextDeadlineKind" TEXT,
    "reviewDueAt" TIMESTAMPTZ(3),
    "amendmentDueAt" TIMESTAMPTZ(3),
    "stateVersion" INTEGER NOT NULL DEFAULT 0,
    "imported" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Signal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MinistryCase" (
    "id" UUID NOT NULL,
    "signalId" UUID NOT NULL,
    "ministryId" UUID NOT NULL,
    "status" "MinistryCaseStatus" NOT NULL DEFAULT 'awaiting_ack',
    "workflowId" TEXT NOT NULL,
    "sentAt" TIMESTAMPTZ(3) NOT NULL,
    "ackDueAt" TIMESTAMPTZ(3),
    "replyDueAt" TIMESTAMPTZ(3),
    "acknowledgedAt" TIMESTAMPTZ(3),
    "repliedAt" TIMESTAMPTZ(3),
    "extensionCount" INTEGER NOT NULL DEFAULT 0,
    "escalationCount" INTEGER NOT NULL DEFAULT 0,
    "replyId" UUID,
    "stateVersion" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "MinistryCase_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Reply" (
    "id" UUID NOT NULL,
    "signalId" UUID NOT NULL,
    "businessKey" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "channel" "ReplyChannel" NOT NULL,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL,
    "actorLabel" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Reply_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReplyDocument" (
    "id" UUID NOT NULL,
    "replyId" UUID NOT NULL,
    "filename" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "data" BYTEA NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReplyDocument_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SignalEvent" (
    "id" BIGSERIAL NOT NULL,
    "signalId" UUID NOT NULL,
    "businessKey" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "ministryCode" TEXT,
    "actorType" TEXT NOT NULL,
    "actorLabel" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "data" JSONB NOT NULL DEFAULT '{}',
    "recordedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SignalEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MailOutbox" (
    "id" UUID NOT NULL,
    "businessKey" TEXT NOT NULL,
    "signalId" UUID,
    "template" TEXT NOT NULL,
    "toAddress" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "textBody" TEXT NOT NULL,
    "htmlBody" TEXT NOT NULL,
    "status" "MailStatus" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "nextAttemptAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMPTZ(3),
    "messageId" TEXT,

    CONSTRAINT "MailOutbox_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ResponseToken" (
    "id" UUID NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "signalId" UUID NOT NULL,
    "ministryCode" TEXT NOT NULL,
    "contactId" UUID NOT NULL,
    "businessKey" TEXT NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "revokedAt" TIMESTAMPTZ(3),
    "firstOpenedAt" TIMESTAMPTZ(3),
    "lastOpenedAt" TIMESTAMPTZ(3),
    "lastUsedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ResponseToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IdempotencyRecord" (
    "id" UUID NOT NULL,
    "scope" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "requestHash" TEXT NOT NULL,
    "responseStatus" INTEGER,
    "responseBody" JSONB,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IdempotencyRecord_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DeadlinePolicy" (
    "name" TEXT NOT NULL,
    "settings" JSONB NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "DeadlinePolicy_pkey" PRIMARY KEY ("name")
);

-- CreateIndex
CREATE UNIQUE INDEX "Organisation_code_key" ON "Organisation"("code");

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_prefix_key" ON "ApiKey"("prefix");

-- CreateIndex
CREATE UNIQUE INDEX "Ministry_code_key" ON "Ministry"("code");

-- CreateIndex
CREATE UNIQUE INDEX "MinistryContact_ministryId_email_role_key" ON "MinistryContact"("ministryId", "email", "role");

-- CreateIndex
CREATE UNIQUE INDEX "Signal_reference_key" ON "Signal"("reference");

-- CreateIndex
CREATE UNIQUE INDEX "Signal_workflowId_key" ON "Signal"("workflowId");

-- CreateIndex
CREATE INDEX "Signal_status_nextDeadlineAt_idx" ON "Signal"("status", "nextDeadlineAt");

-- CreateIndex
CREATE INDEX "Signal_organisationId_submittedAt_idx" ON "Signal"("organisationId", "submittedAt");

-- CreateIndex
CREATE INDEX "Signal_nextDeadlineAt_idx" ON "Signal"("nextDeadlineAt");

-- CreateIndex
CREATE INDEX "Signal_submittedAt_idx" ON "Signal"("submittedAt");

-- CreateIndex
CREATE INDEX "Signal_workflowStartedAt_idx" ON "Signal"("workflowStartedAt");

-- CreateIndex
CREATE UNIQUE INDEX "MinistryCase_workflowId_key" ON "MinistryCase"("workflowId");

-- CreateIndex
CREATE INDEX "MinistryCase_ministryId_status_idx" ON "MinistryCase"("ministryId", "status");

-- CreateIndex
CREATE INDEX "MinistryCase_replyDueAt_idx" ON "MinistryCase"("replyDueAt");

-- CreateIndex
CREATE UNIQUE INDEX "MinistryCase_signalId_ministryId_key" ON "MinistryCase"("signalId", "ministryId");

-- CreateIndex
CREATE UNIQUE INDEX "Reply_businessKey_key" ON "Reply"("businessKey");

-- CreateIndex
CREATE UNIQUE INDEX "SignalEvent_businessKey_key" ON "SignalEvent"("businessKey");

-- CreateIndex
CREATE INDEX "SignalEvent_signalId_at_idx" ON "SignalEvent"("signalId", "at");

-- CreateIndex
CREATE INDEX "SignalEvent_type_at_idx" ON "SignalEvent"("type", "at");

-- CreateIndex
CREATE UNIQUE INDEX "MailOutbox_businessKey_key" ON "MailOutbox"("businessKey");

-- CreateIndex
CREATE INDEX "MailOutbox_status_nextAttemptAt_idx" ON "MailOutbox"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "MailOutbox_signalId_createdAt_idx" ON "MailOutbox"("signalId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "ResponseToken_tokenHash_key" ON "ResponseToken"("tokenHash");

-- CreateIndex
CREATE UNIQUE INDEX "ResponseToken_businessKey_key" ON "ResponseToken"("businessKey");

-- CreateIndex
CREATE INDEX "ResponseToken_signalId_ministryCode_idx" ON "ResponseToken"("signalId", "ministryCode");

-- CreateIndex
CREATE INDEX "IdempotencyRecord_createdAt_idx" ON "IdempotencyRecord"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "IdempotencyRecord_scope_key_key" ON "IdempotencyRecord"("scope", "key");

-- AddForeignKey
ALTER TABLE "ApiKey" ADD CONSTRAINT "ApiKey_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiKey" ADD CONSTRAINT "ApiKey_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MinistryContact" ADD CONSTRAINT "MinistryContact_ministryId_fkey" FOREIGN KEY ("ministryId") REFERENCES "Ministry"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Signal" ADD CONSTRAINT "Signal_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MinistryCase" ADD CONSTRAINT "MinistryCase_signalId_fkey" FOREIGN KEY ("signalId") REFERENCES "Signal"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MinistryCase" ADD CONSTRAINT "MinistryCase_ministryId_fkey" FOREIGN KEY ("ministryId") REFERENCES "Ministry"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MinistryCase" ADD CONSTRAINT "MinistryCase_replyId_fkey" FOREIGN KEY ("replyId") REFERENCES "Reply"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Reply" ADD CONSTRAINT "Reply_signalId_fkey" FOREIGN KEY ("signalId") REFERENCES "Signal"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReplyDocument" ADD CONSTRAINT "ReplyDocument_replyId_fkey" FOREIGN KEY ("replyId") REFERENCES "Reply"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SignalEvent" ADD CONSTRAINT "SignalEvent_signalId_fkey" FOREIGN KEY ("signalId") REFERENCES "Signal"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ResponseToken" ADD CONSTRAINT "ResponseToken_signalId_fkey" FOREIGN KEY ("signalId") REFERENCES "Signal"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ResponseToken" ADD CONSTRAINT "ResponseToken_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "MinistryContact"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
