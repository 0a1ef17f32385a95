import { z } from 'zod';
import type { AppDeps } from '../deps';
import { PERMISSIONS } from '../auth/permissions';
import { defineRoute, type AnyRoute } from '../http/route';
import { listProcessingRecords } from './lookup';

const processingLogQuery = z
  .object({
    email: z.email().max(320).optional().meta({
      description:
        'A person’s e-mail address: the records of every ministry contact and dashboard user with it (case-insensitive).',
      example: 'contact@jenv.example',
    }),
    userId: z.uuid().optional().meta({ description: 'A dashboard user’s id.' }),
  })
  .strict()
  .refine((query) => (query.email === undefined) !== (query.userId === undefined), {
    message: 'Give exactly one of email (a contact’s or user’s e-mail address) or userId.',
  });

const recordSchema = z.object({
  startTime: z.iso.datetime({ offset: true }),
  endTime: z.iso.datetime({ offset: true }),
  name: z.string().meta({ description: 'What was done (the operation; no personal data).' }),
  processingActivity: z.object({
    id: z.string().meta({ description: '`dpl.core.processing_activity_id`: the URI in the register.' }),
    nameNl: z.string(),
    nameEn: z.string(),
  }),
  status: z.enum(['OK', 'ERROR']),
  traceId: z.string().meta({ description: 'W3C trace id (32 hex digits) of the request or task.' }),
  spanId: z.string().meta({ description: 'The operation id (16 hex digits) of this processing.' }),
  actorOrganisation: z
    .string()
    .nullable()
    .meta({ description: 'On whose behalf: an organisation’s or ministry’s code, or LIEC for the loket.' }),
  subjectKind: z.enum(['contact', 'user']),
});

const listingSchema = z.object({
  subjects: z
    .int()
    .meta({ description: 'How many persons the query named (a contact at two ministries is two).' }),
  truncated: z.boolean().meta({ description: 'More records exist than listed; the newest are listed.' }),
  records: z.array(recordSchema),
});

/** `GET /processing-records`: what was done with one person's data (Logboek Dataverwerkingen), for the loket lead. */
export function processingLogRoutes(deps: AppDeps): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/processing-records',
      operationId: 'listProcessingRecords',
      summary: 'What was done with a person’s data',
      description:
        'The processing log (Logboek Dataverwerkingen) of one person: a ministry contact or dashboard user, by e-mail address or user id, newest first. The log holds pseudonyms only; the address is resolved to the persons it names at the time of asking. The loket lead only.',
      tags: ['Processing log'],
      roles: PERMISSIONS.readProcessingLog,
      query: processingLogQuery,
      success: { status: 200, description: 'The person’s records.', schema: listingSchema },
      errors: [],
      handler: async ({ query }) => {
        const listing = await listProcessingRecords(
          deps.prisma,
          deps.config.processingRegister,
          query.email !== undefined ? { email: query.email } : { userId: query.userId! },
        );
        return {
          status: 200,
          body: {
            subjects: listing.subjects,
            truncated: listing.truncated,
            records: listing.records.map((record) => ({
              startTime: record.startTime.toISOString(),
              endTime: record.endTime.toISOString(),
              name: record.name,
              processingActivity: {
                id: record.activity.id,
                nameNl: record.activity.nl,
                nameEn: record.activity.en,
              },
              status: record.status,
              traceId: record.traceId,
              spanId: record.spanId,
              actorOrganisation: record.actorOrganisation,
              subjectKind: record.subjectKind,
            })),
          },
        };
      },
    }),
  ];
}
