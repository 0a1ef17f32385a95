import { sizeLabel } from '../../respond/texts';
import { formatDateTime } from './format';
import { html, type Html } from './html';

interface ListedDocument {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  createdAt: Date;
}

/** A list of documents, each a download link with its size and SHA-256 (to compare with the sender's). */
export function documentList(documents: readonly ListedDocument[], hrefOf: (id: string) => string): Html {
  return html`<ul class="utrecht-unordered-list liec-documents">
    ${documents.map(
      (d) =>
        html`<li class="utrecht-unordered-list__item">
          <a class="utrecht-link utrecht-link--html-a" href="${hrefOf(d.id)}" download>${d.filename}</a> ·
          ${sizeLabel(d.size)} · ${formatDateTime(d.createdAt)}<br /><small
            >SHA-256 <code class="liec-digest">${d.sha256}</code></small
          >
        </li>`,
    )}
  </ul>`;
}

export function signalDocumentsSection(signalId: string, documents: readonly ListedDocument[]): Html | '' {
  if (documents.length === 0) return '';
  return html`<h3 class="utrecht-heading-3">Documenten</h3>
    ${documentList(documents, (id) => `/signals/${signalId}/documents/${id}`)}`;
}

export function replyDocumentsList(
  signalId: string,
  replyId: string,
  documents: readonly ListedDocument[],
): Html | '' {
  if (documents.length === 0) return '';
  return documentList(documents, (id) => `/signals/${signalId}/replies/${replyId}/documents/${id}`);
}
