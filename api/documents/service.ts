import crypto from 'node:crypto';
import type { Request } from 'express';
import type { z } from 'zod';
import type { AppDeps } from '../deps';
import { actorOf, type Principal } from '../auth/principal';
import { problem } from '../http/problem';
import type { RouteResult } from '../http/route';
import { findVisibleSignal } from '../signals/queries';
import { LOKET_LABEL, replyForwardedToSubmitters } from '../signals/submitter-view';
import { receiveDocuments, type ReceivedDocument } from './receive';
import type { signalDocumentSchema } from './schemas';
import { createDocumentStorage } from './storage';

export const DOCUMENT_ADDED_EVENT = 'document_added';
export const DOCUMENT_DOWNLOADED_EVENT = 'document_downloaded';
export const REPLY_DOCUMENT_DOWNLOADED_EVENT = 'reply_document_downloaded';

/**
 * Submitters attach documents while their signal is with the loket (before it goes to the ministries): that is
 * when the annexes still shape the review. The loket may add documents until the signal ends.
 */
const SUBMITTER_ATTACH_STATES: readonly string[] = ['submitted', 'in_review', 'changes_requested'];
const ENDED_STATES: readonly string[] = ['rejected', 'withdrawn', 'closed'];

function mayAttachIn(principal: Principal, status: string): boolean {
  return principal.kind === 'organisation'
    ? SUBMITTER_ATTACH_STATES.includes(status)
    : !ENDED_STATES.includes(status);
}

function refuseState(principal: Principal, status: string): never {
  throw problem.conflict(
    principal.kind === 'organisation'
      ? `Documents can be attached while the signal is submitted, in review or awaiting your changes; it is ${status}.`
      : `Documents can be attached until the signal ends; it is ${status}.`,
  );
}

interface SignalDocumentRow {
  id: string;
  signalId: string;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  uploadedByType: string;
  uploadedByLabel: string;
  createdAt: Date;
}

function present(principal: Principal, row: SignalDocumentRow): z.output<typeof signalDocumentSchema> {
  const byLoket = row.uploadedByType === 'coordinator';
  return {
    id: row.id,
    filename: row.filename,
    contentType: row.contentType,
    size: row.size,
    sha256: row.sha256,
    uploadedAt: row.createdAt.toISOString(),
    uploadedBy: {
      type: byLoket ? 'coordinator' : 'submitter',
      // Submitters see the loket, never the person in it.
      label: byLoket && principal.kind === 'organisation' ? LOKET_LABEL : row.uploadedByLabel,
    },
    links: { download: `/api/v1/signals/${row.signalId}/documents/${row.id}` },
  };
}

/**
 * Stores the documents of one multipart request for a signal, whole or not at all. The caller's right to the
 * signal and its state are checked before a byte is read, and again (with the signal's row locked) before the
 * rows are written, so the count limit holds under concurrent uploads. The same file sent again (same name and
 * SHA-256) answers the document stored before, so a retry never makes a second copy.
 */
export async function attachDocuments(
  deps: AppDeps,
  principal: Principal,
  signalId: string,
  req: Request,
  now: Date,
): Promise<RouteResult> {
  const { prisma } = deps;
  const maxDocuments = deps.config.env.DOCUMENT_MAX_PER_SIGNAL;
  const signal = await findVisibleSignal(deps, principal, signalId);
  if (!mayAttachIn(principal, signal.status)) refuseState(principal, signal.status);
  const held = await prisma.signalDocument.count({ where: { signalId } });
  if (held >= maxDocuments) {
    throw problem.tooLarge(`This signal already holds the most documents it can (${maxDocuments}).`);
  }
  const storage = createDocumentStorage(prisma);
  const received = await receiveDocuments(req, storage, {
    maxFileBytes: deps.config.env.DOCUMENT_MAX_BYTES,
    maxFiles: maxDocuments - held,
  });
  const actor = actorOf(principal);
  let stored: { rows: SignalDocumentRow[]; unusedBlobs: string[] };
  try {
    stored = await prisma.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT "id" FROM "Signal" WHERE "id" = ${signalId}::uuid FOR UPDATE`;
      const current = await tx.signal.findUniqueOrThrow({
        where: { id: signalId },
        select: { status: true },
      });
      if (!mayAttachIn(principal, current.status)) refuseState(principal, current.status);
      const existing = await tx.signalDocument.findMany({ where: { signalId } });
      const byContent = new Map(existing.map((row) => [`${row.filename}\n${row.sha256}`, row]));
      const fresh: ReceivedDocument[] = [];
      const unusedBlobs: string[] = [];
      for (const document of received) {
        const key = `${document.filename}\n${document.sha256}`;
        if (byContent.has(key) || fresh.some((f) => `${f.filename}\n${f.sha256}` === key)) {
          unusedBlobs.push(document.blobId);
        } else fresh.push(document);
      }
      if (existing.length + fresh.length > maxDocuments) {
        throw problem.tooLarge(
          `This signal holds ${existing.length} documents and can take ${maxDocuments - existing.length} more; this request brought ${fresh.length}. Nothing of this request was stored.`,
        );
      }
      for (const document of fresh) {
        const row = await tx.signalDocument.create({
          data: {
            signalId,
            ...document,
            uploadedByType: actor.type,
            uploadedById: principal.kind === 'organisation' ? principal.keyId : principal.userId,
            uploadedByLabel: actor.label,
            position: existing.length + fresh.indexOf(document),
            createdAt: now,
          },
        });
        byContent.set(`${row.filename}\n${row.sha256}`, row);
        await tx.signalEvent.create({
          data: {
            signalId,
            businessKey: `document:${row.id}:added`,
            type: DOCUMENT_ADDED_EVENT,
            actorType: actor.type,
            actorLabel: actor.label,
            at: now,
            data: { documentId: row.id, filename: row.filename, size: row.size, sha256: row.sha256 },
          },
        });
      }
      const rows = received.map((document) => byContent.get(`${document.filename}\n${document.sha256}`)!);
      return { rows, unusedBlobs };
    });
  } catch (error) {
    await storage.remove(received.map((document) => document.blobId)).catch(() => undefined);
    throw error;
  }
  await storage.remove(stored.unusedBlobs).catch(() => undefined);
  return { status: 201, body: { items: stored.rows.map((row) => present(principal, row)) } };
}

export async function listDocuments(deps: AppDeps, principal: Principal, signalId: string) {
  await findVisibleSignal(deps, principal, signalId);
  const rows = await deps.prisma.signalDocument.findMany({
    where: { signalId },
    orderBy: { position: 'asc' },
  });
  return { items: rows.map((row) => present(principal, row)) };
}

/** RFC 6266: an ASCII fallback for old clients and the exact name in UTF-8 (RFC 8187) for the rest. */
export function attachmentDisposition(filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

interface Downloadable {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  blobId: string;
}

function download(deps: AppDeps, document: Downloadable): RouteResult {
  return {
    status: 200,
    headers: {
      'Content-Disposition': attachmentDisposition(document.filename),
      'Content-Length': String(document.size),
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
      'X-Checksum-SHA256': document.sha256,
      'Repr-Digest': `sha-256=:${Buffer.from(document.sha256, 'hex').toString('base64')}:`,
      ETag: `"${document.sha256}"`,
    },
    stream: {
      contentType: document.contentType,
      body: createDocumentStorage(deps.prisma).open(document.blobId),
    },
  };
}

/** Every download is in the signal's timeline: who, when, which document. */
async function recordDownload(
  deps: AppDeps,
  principal: Principal,
  signalId: string,
  type: string,
  data: Record<string, string>,
  now: Date,
): Promise<void> {
  const actor = actorOf(principal);
  await deps.prisma.signalEvent.create({
    data: {
      signalId,
      businessKey: `download:${crypto.randomUUID()}`,
      type,
      actorType: actor.type,
      actorLabel: actor.label,
      at: now,
      data,
    },
  });
}

const notVisible = (documentId: string) =>
  problem.notFound(`There is no document ${documentId} of this signal visible to you.`);

export async function downloadSignalDocument(
  deps: AppDeps,
  principal: Principal,
  params: { signalId: string; documentId: string },
  now: Date,
): Promise<RouteResult> {
  await findVisibleSignal(deps, principal, params.signalId);
  const document = await deps.prisma.signalDocument.findFirst({
    where: { id: params.documentId, signalId: params.signalId },
  });
  if (!document) throw notVisible(params.documentId);
  await recordDownload(
    deps,
    principal,
    params.signalId,
    DOCUMENT_DOWNLOADED_EVENT,
    { documentId: document.id, filename: document.filename },
    now,
  );
  return download(deps, document);
}

/** A ministry's reply document: the loket always; the submitters once the loket forwarded the reply to them. */
export async function downloadReplyDocument(
  deps: AppDeps,
  principal: Principal,
  params: { signalId: string; replyId: string; documentId: string },
  now: Date,
): Promise<RouteResult> {
  await findVisibleSignal(deps, principal, params.signalId);
  const document = await deps.prisma.replyDocument.findFirst({
    where: { id: params.documentId, replyId: params.replyId, reply: { signalId: params.signalId } },
    include: { reply: true },
  });
  if (!document) throw notVisible(params.documentId);
  if (principal.kind === 'organisation' && !replyForwardedToSubmitters(document.reply)) {
    throw notVisible(params.documentId);
  }
  await recordDownload(
    deps,
    principal,
    params.signalId,
    REPLY_DOCUMENT_DOWNLOADED_EVENT,
    { documentId: document.id, filename: document.filename, replyId: document.replyId },
    now,
  );
  return download(deps, document);
}
