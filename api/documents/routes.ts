import type { AppDeps } from '../deps';
import { PERMISSIONS } from '../auth/permissions';
import { defineRoute, type AnyRoute } from '../http/route';
import { signalIdParams } from '../signals/schemas';
import {
  DOCUMENT_CONTENT_TYPES,
  documentUploadSchema,
  downloadHeaders,
  downloadSchema,
  replyDocumentParams,
  signalDocumentListSchema,
  signalDocumentParams,
} from './schemas';
import { attachDocuments, downloadReplyDocument, downloadSignalDocument, listDocuments } from './service';

const NOT_VISIBLE = 'No such signal or document, or the caller may not see it.';

/** What a signal document's and a reply document's download share: who may call it and what it answers. */
const DOWNLOAD: Pick<AnyRoute, 'tags' | 'roles' | 'success' | 'errors' | 'errorDescriptions'> = {
  tags: ['Documents'],
  roles: PERMISSIONS.readSignals,
  success: {
    status: 200,
    description: 'The document.',
    schema: downloadSchema,
    contentType: DOCUMENT_CONTENT_TYPES,
    headers: downloadHeaders,
  },
  errors: [404],
  errorDescriptions: { 404: NOT_VISIBLE },
};

/** A signal's documents (the letter's annexes) and the ministries' reply documents. */
export function documentRoutes(deps: AppDeps): AnyRoute[] {
  return [
    defineRoute({
      method: 'post',
      path: '/signals/{signalId}/documents',
      operationId: 'attachSignalDocuments',
      summary: 'Attach documents to a signal',
      description: `Stores one or more documents (PDF, DOCX, ODT, plain text; the type is taken from the content) sent as \`multipart/form-data\` in the part \`documents\`. Submitters attach while the signal is submitted, in review or awaiting their changes; the loket until the signal ends. Limits: ${'`DOCUMENT_MAX_BYTES`'} per file (default 20 MiB) and ${'`DOCUMENT_MAX_PER_SIGNAL`'} per signal (default 20). A request is stored whole or not at all: a refused file is named in \`detail\` and documents stored before stay. Sending the same file again (same name and content) answers the document stored before, so a retry is safe without an Idempotency-Key.`,
      tags: ['Documents'],
      roles: PERMISSIONS.attachDocuments,
      params: signalIdParams,
      multipart: { schema: documentUploadSchema },
      success: { status: 201, description: 'The documents were stored.', schema: signalDocumentListSchema },
      errors: [404, 409, 413, 415],
      errorDescriptions: {
        409: 'The signal’s state does not allow attaching documents (the reason is in `detail`).',
        413: 'A file is larger than the limit, or the signal would hold more documents than allowed; `detail` names the file.',
        415: 'The body is not multipart/form-data, or a file is not a PDF, DOCX, ODT or plain-text file whose content matches its name; `detail` names the file.',
      },
      handler: ({ principal, params, req, now }) =>
        attachDocuments(deps, principal, params.signalId, req, now),
    }),
    defineRoute({
      method: 'get',
      path: '/signals/{signalId}/documents',
      operationId: 'listSignalDocuments',
      summary: 'List a signal’s documents',
      description:
        'The documents attached to the signal, oldest first, each with its SHA-256 and download path.',
      tags: ['Documents'],
      roles: PERMISSIONS.readSignals,
      params: signalIdParams,
      success: { status: 200, description: 'The documents.', schema: signalDocumentListSchema },
      errors: [404],
      handler: async ({ principal, params }) => ({
        status: 200,
        body: await listDocuments(deps, principal, params.signalId),
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/signals/{signalId}/documents/{documentId}',
      operationId: 'downloadSignalDocument',
      summary: 'Download a signal’s document',
      description:
        'The document’s bytes as an attachment, with the SHA-256 recorded when it was stored. The download is written in the signal’s timeline.',
      ...DOWNLOAD,
      params: signalDocumentParams,
      handler: ({ principal, params, now }) => downloadSignalDocument(deps, principal, params, now),
    }),
    defineRoute({
      method: 'get',
      path: '/signals/{signalId}/replies/{replyId}/documents/{documentId}',
      operationId: 'downloadReplyDocument',
      summary: 'Download a reply document',
      description:
        'A document of a ministry’s reply, as an attachment with its SHA-256. The loket always; submitters once the loket has forwarded the reply to them (until then: 404). The download is written in the signal’s timeline.',
      ...DOWNLOAD,
      params: replyDocumentParams,
      handler: ({ principal, params, now }) => downloadReplyDocument(deps, principal, params, now),
    }),
  ];
}
