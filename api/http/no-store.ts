import type { RequestHandler } from 'express';

/**
 * API answers carry signal content (titles, texts, timelines, replies) or errors about it: no browser, proxy or
 * client cache may keep them. Set before the routes so every answer, including errors, has it.
 */
export const noStore: RequestHandler = (_req, res, next) => {
  res.setHeader('Cache-Control', 'no-store');
  next();
};
