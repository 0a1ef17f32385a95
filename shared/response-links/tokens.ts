import crypto from 'node:crypto';

/**
 * Capability tokens of the response links. A contact has one live link per case (signal and ministry): one
 * ResponseToken row, which every mail to them about that case carries (request, reminders, escalations, decisions),
 * until a reissue, a deactivation or the case's withdrawal revokes it.
 *
 * The token is derived, not drawn: base64url(HMAC-SHA256(secret, "response-link:v1:" + row id)), 256 bits that
 * nobody without the server secret can compute. PostgreSQL keeps only its SHA-256, so a database dump opens no
 * link, and the outbox row keeps a placeholder until the mail leaves (activities/mail/outbox.ts), so the plaintext
 * exists only in process memory and in the mail. Because any process with the secret derives the same token again,
 * every delivery attempt of every mail carries the same working link: a copy sent again after a crash (the relay
 * had already accepted the first) opens the case like the first copy, and no extra rows are needed.
 *
 * Pure functions only: the mails derive tokens with them and the pages hash what is presented; the look-ups in
 * PostgreSQL are in activities/response-links/token-store.ts.
 */
const TOKEN_CONTEXT = 'response-link:v1:';

/** Prefix of the placeholder hash of a link row from before derived tokens whose mail had not left yet. */
export const UNDELIVERED_HASH_PREFIX = 'undelivered:';

export function deriveResponseToken(secret: string, linkId: string): string {
  return crypto.createHmac('sha256', secret).update(`${TOKEN_CONTEXT}${linkId}`, 'utf8').digest('base64url');
}

export function hashResponseToken(token: string): string {
  return crypto.createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The stored hash of a link row: what lookupResponseToken finds when the derived token is presented. */
export function responseLinkHash(secret: string, linkId: string): string {
  return hashResponseToken(deriveResponseToken(secret, linkId));
}
