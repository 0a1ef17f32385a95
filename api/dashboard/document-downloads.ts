import { pipeline } from 'node:stream';
import type { RequestHandler } from 'express';
import type { AppDeps } from '../deps';
import type { Principal } from '../auth/principal';
import { downloadReplyDocument, downloadSignalDocument } from '../documents/service';
import { ProblemError } from '../http/problem';
import type { RouteResult } from '../http/route';
import type { DashboardSession } from './sessions';
import { messagePage } from './views/login-page';
import { UUID_PATTERN as UUID } from '../../shared/ids';

/** The logged-in person as the document service knows callers (the dashboard has no API key). */
function principalOf(session: DashboardSession): Principal {
  const { user } = session;
  return {
    kind: 'user',
    role: user.role,
    keyId: 'dashboard',
    keyPrefix: 'dashboard',
    userId: user.id,
    name: user.name,
  };
}

/**
 * Downloads from the signal page: the same service, rule and timeline entry as the API's, after the dashboard's
 * own session check; what is not there is the dashboard's 404 page.
 */
export function documentDownloads(deps: AppDeps, now: () => Date): RequestHandler {
  return (req, res, next) => {
    const session = (req as typeof req & { dashboardSession: DashboardSession }).dashboardSession;
    const { id, replyId, documentId } = req.params as Record<string, string | undefined>;
    const notFound = () =>
      void res
        .status(404)
        .type('html')
        .send(
          messagePage(
            'Document niet gevonden',
            'Er is geen document met dit kenmerk bij dit signaal.',
            session.user,
            session.csrfToken,
          ),
        );
    if (![id, documentId, ...(replyId === undefined ? [] : [replyId])].every((v) => v && UUID.test(v))) {
      return notFound();
    }
    const principal = principalOf(session);
    const download: Promise<RouteResult> = replyId
      ? downloadReplyDocument(deps, principal, { signalId: id!, replyId, documentId: documentId! }, now())
      : downloadSignalDocument(deps, principal, { signalId: id!, documentId: documentId! }, now());
    download.then(
      (result) => {
        for (const [name, value] of Object.entries(result.headers ?? {})) res.setHeader(name, value);
        res.status(result.status).setHeader('Content-Type', result.stream!.contentType);
        pipeline(result.stream!.body, res, () => undefined);
      },
      (error: unknown) => (error instanceof ProblemError && error.status === 404 ? notFound() : next(error)),
    );
  };
}
