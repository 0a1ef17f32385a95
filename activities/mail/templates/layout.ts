import { html, type Html } from '../../../shared/html';

/** One mail's words in both languages; the layout turns them into a plain-text and an HTML body. */
export interface MailContent {
  subject: { nl: string; en: string };
  nl: string[];
  en: string[];
  link?: { url: string; nl: string; en: string };
  /** Extra lines under the link (e.g. "personal link, valid until ..."). */
  linkNote?: { nl: string; en: string };
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const SIGNATURE = {
  nl: 'Landelijk loket Bestuurlijke Signalen (LIEC)',
  en: 'National Desk for Administrative Signals (LIEC)',
};
const AUTOMATIC = {
  nl: 'Dit bericht is automatisch verstuurd. Het bevat bewust geen inhoud van het signaal.',
  en: 'This message was sent automatically. It deliberately contains none of the content of the signal.',
};

/** `[BS-2026-0001] Verzoek om reactie / Request for a response` */
export function renderMail(reference: string, content: MailContent): RenderedMail {
  const subject = `[${reference}] ${content.subject.nl} / ${content.subject.en}`;
  return { subject, text: renderText(content), html: renderHtml(subject, content) };
}

function renderText(content: MailContent): string {
  const part = (language: 'nl' | 'en'): string => {
    const lines = [...content[language].flatMap((paragraph) => [paragraph, ''])];
    if (content.link) lines.push(`${content.link[language]}:`, content.link.url, '');
    if (content.linkNote) lines.push(content.linkNote[language], '');
    lines.push(AUTOMATIC[language], '', SIGNATURE[language]);
    return lines.join('\n');
  };
  return `${part('nl')}\n\n---------------- English below / Engelse versie ----------------\n\n${part('en')}\n`;
}

function renderHtml(subject: string, content: MailContent): string {
  const part = (language: 'nl' | 'en'): Html => {
    const paragraphs = content[language].map((p) => html`<p style="margin:0 0 12px">${p}</p>`);
    const link = content.link
      ? html`<p style="margin:16px 0"><a href="${content.link.url}" style="display:inline-block;padding:10px 16px;background:#154273;color:#ffffff;text-decoration:none;border-radius:4px">${content.link[language]}</a></p><p style="margin:0 0 12px;font-size:13px;color:#444">${content.link.url}</p>`
      : '';
    const note = content.linkNote
      ? html`<p style="margin:0 0 12px;font-size:13px;color:#444">${content.linkNote[language]}</p>`
      : '';
    return html`<div lang="${language}">${paragraphs}${link}${note}<p style="margin:16px 0 0;font-size:13px;color:#444">${AUTOMATIC[language]}</p><p style="margin:8px 0 0">${SIGNATURE[language]}</p></div>`;
  };
  return html`<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>${subject}</title></head><body style="font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#1a1a1a;max-width:640px">${part('nl')}<hr style="margin:24px 0;border:0;border-top:1px solid #ccc">${part('en')}</body></html>`
    .value;
}
