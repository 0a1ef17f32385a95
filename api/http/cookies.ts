import type { Request } from 'express';

/**
 * The one reader of the Cookie header. A value that is not valid percent-encoding counts as absent rather than
 * failing the request: a browser only sends what this app set, so anything else is noise or an attack.
 */
export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index < 0 || part.slice(0, index).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(index + 1).trim());
    } catch {
      return undefined;
    }
  }
  return undefined;
}
