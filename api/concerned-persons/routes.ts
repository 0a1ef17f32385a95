import { LOKET_ORGANISATION } from '../../activities/processing-log/record';
import { processingLogOf, type AppDeps } from '../deps';
import { PERMISSIONS } from '../auth/permissions';
import { defineRoute, type AnyRoute } from '../http/route';
import { signalPath } from '../signals/present';
import { findVisibleSignal } from '../signals/queries';
import { signalIdParams } from '../signals/schemas';
import { readConcernedPersons } from './read';
import { concernedPersonListSchema } from './schemas';

/** `GET /signals/{id}/concerned-persons`: the persons a signal concerns, for its submitters and the loket. */
export function concernedPersonRoutes(deps: AppDeps): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/signals/{signalId}/concerned-persons',
      operationId: 'listConcernedPersons',
      summary: 'List the persons a signal concerns',
      description:
        'The persons the submitter marked at submission, in their order. Personal data: the signal’s submitters (lead and co-submitters) and the loket’s coordinators read them, admins do not; the signal detail, mails, events and exports never carry them. Each read writes a record per person in the processing log (Logboek Dataverwerkingen).',
      tags: ['Signals'],
      roles: PERMISSIONS.readConcernedPersons,
      params: signalIdParams,
      success: { status: 200, description: 'The persons.', schema: concernedPersonListSchema },
      errors: [404],
      handler: async ({ principal, params, now }) => {
        const signal = await findVisibleSignal(deps, principal, params.signalId);
        const persons = await readConcernedPersons(
          deps.prisma,
          processingLogOf(deps),
          signal.id,
          {
            organisationCode:
              principal.kind === 'organisation' ? principal.organisationCode : LOKET_ORGANISATION,
            channel: 'api',
          },
          now,
        );
        return {
          status: 200,
          body: {
            signalId: signal.id,
            reference: signal.reference,
            persons,
            links: { signal: signalPath(signal.id) },
          },
        };
      },
    }),
  ];
}
