import { z } from 'zod';
import type { SignalSubmitter } from '../../prisma/signal-submitters';
import type { AppDeps } from '../deps';
import { PERMISSIONS } from '../auth/permissions';
import { actorOf, type Principal } from '../auth/principal';
import { defineRoute, type AnyRoute } from '../http/route';
import { organisationCode } from '../http/text';
import { signalPath } from '../signals/present';
import { findVisibleSignal } from '../signals/queries';
import { signalIdParams, submitterSchema } from '../signals/schemas';
import { addCoSubmitter, removeCoSubmitter } from './service';

const addBody = z
  .object({ organisationCode: organisationCode.meta({ description: 'The organisation to add (code).' }) })
  .strict();
const removeParams = z
  .object({
    signalId: z.uuid().meta({ description: 'The signal’s id (UUID).' }),
    code: organisationCode.meta({ description: 'The co-submitting organisation to remove (code).' }),
  })
  .strict();
const submittersResult = z.object({
  id: z.uuid(),
  reference: z.string(),
  submitters: z
    .array(submitterSchema)
    .meta({ description: 'The submitters now: the lead first, then the current co-submitters.' }),
  links: z.object({ self: z.string().meta({ description: 'The signal.', format: 'uri-reference' }) }),
});

const answer = (signal: { id: string; reference: string }, submitters: SignalSubmitter[]) => ({
  id: signal.id,
  reference: signal.reference,
  submitters: submitters.map(({ code, name, role }) => ({ code, name, role })),
  links: { self: signalPath(signal.id) },
});

/** Coordinators add and remove the organisations that co-submit a signal (the lead stays who submitted it). */
export function coSubmitterRoutes(deps: AppDeps): AnyRoute[] {
  /** Adding and removing differ only in the service call and the status they answer with. */
  const change = async (
    principal: Principal,
    signalId: string,
    organisationCode: string,
    now: Date,
    apply: typeof addCoSubmitter,
    status: 200 | 201,
  ) => {
    const signal = await findVisibleSignal(deps, principal, signalId);
    const submitters = await apply(deps.prisma, { signal, organisationCode, actor: actorOf(principal), now });
    return { status, body: answer(signal, submitters) };
  };
  return [
    defineRoute({
      method: 'post',
      path: '/signals/{signalId}/co-submitters',
      operationId: 'addCoSubmitter',
      summary: 'Add a co-submitter',
      description:
        'Coordinators: add an organisation that wrote the signal together with its lead submitter. From then on it sees the signal and gets the submitters’ mails; only the lead amends or withdraws. Recorded in the timeline. An unknown organisation answers 400; the lead itself or a current co-submitter 409.',
      tags: ['Signals'],
      roles: PERMISSIONS.manageCoSubmitters,
      params: signalIdParams,
      body: addBody,
      success: { status: 201, description: 'The organisation was added.', schema: submittersResult },
      errors: [404, 409],
      handler: ({ principal, params, body, now }) =>
        change(principal, params.signalId, body.organisationCode, now, addCoSubmitter, 201),
    }),
    defineRoute({
      method: 'delete',
      path: '/signals/{signalId}/co-submitters/{code}',
      operationId: 'removeCoSubmitter',
      summary: 'Remove a co-submitter',
      description:
        'Coordinators: end an organisation’s co-submission. It no longer sees the signal nor gets its mails; the timeline keeps that it was one. An organisation that is not a current co-submitter answers 404; the lead 409.',
      tags: ['Signals'],
      roles: PERMISSIONS.manageCoSubmitters,
      params: removeParams,
      success: { status: 200, description: 'The organisation was removed.', schema: submittersResult },
      errors: [404, 409],
      handler: ({ principal, params, now }) =>
        change(principal, params.signalId, params.code, now, removeCoSubmitter, 200),
    }),
  ];
}
