import { z } from 'zod';
import { instantOut } from '../http/text';
import { ALLOWED_EXTENSIONS } from './admit';

/** The document resources: path parameters and answers (the one source for validation, types and OpenAPI). */

const signalId = z.uuid().meta({ description: 'The signal’s id (UUID).' });
const documentId = z.uuid().meta({ description: 'The document’s id (UUID).' });

export const signalDocumentParams = z.object({ signalId, documentId }).strict();
export const replyDocumentParams = z
  .object({ signalId, replyId: z.uuid().meta({ description: 'The reply’s id (UUID).' }), documentId })
  .strict();

export const DOCUMENT_CONTENT_TYPES = [
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.oasis.opendocument.text',
  'text/plain; charset=utf-8',
] as const;

export const signalDocumentSchema = z.object({
  id: z.uuid(),
  filename: z.string().meta({ description: 'The name as stored (normalised: no path, controls or quotes).' }),
  contentType: z
    .string()
    .meta({ description: 'The type, taken from the content (never the sender’s word).' }),
  size: z.int().meta({ description: 'Size in bytes.' }),
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .meta({ description: 'SHA-256 of the bytes (hex), computed when the document was stored.' }),
  uploadedAt: instantOut('When the document was stored.'),
  uploadedBy: z.object({
    type: z.enum(['submitter', 'coordinator']),
    label: z
      .string()
      .meta({ description: 'The organisation, or the loket (never a person for submitters).' }),
  }),
  links: z.object({ download: z.string().meta({ description: 'Path of the download.' }) }),
});

export const signalDocumentListSchema = z.object({ items: z.array(signalDocumentSchema) });

export const documentUploadSchema = z.object({
  documents: z
    .array(z.string().meta({ format: 'binary' }))
    .min(1)
    .meta({
      description: `One or more files in the part \`documents\` (${ALLOWED_EXTENSIONS.join(', ')}); the name must have one of these extensions and the content must be what the name says.`,
    }),
});

const binary = z.string().meta({ format: 'binary', description: 'The document’s bytes.' });
export const downloadSchema = binary;

export const downloadHeaders = {
  'Content-Disposition': z.string().meta({
    description: 'Always `attachment`, with the stored name (`filename*` in UTF-8, RFC 6266 and 8187).',
  }),
  'Content-Length': z.string().meta({ description: 'Size in bytes.' }),
  'X-Content-Type-Options': z.enum(['nosniff']),
  'X-Checksum-SHA256': z
    .string()
    .meta({ description: 'SHA-256 of the bytes (hex), as recorded when the document was stored.' }),
  'Repr-Digest': z.string().meta({ description: 'The same SHA-256 as RFC 9530 `sha-256=:<base64>:`.' }),
  ETag: z.string().meta({ description: 'Strong validator derived from the SHA-256.' }),
};
