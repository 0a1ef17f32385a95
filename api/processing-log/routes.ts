import { z } from 'zod';
import { processingLogOf, type AppDeps } from '../deps';
import { DATA_SUBJECT_KINDS } from '../../shared/processing-register';
import { calendarDate, text } from '../http/text';
import { PERMISSIONS } from '../auth/permissions';
import { defineRoute, type AnyRoute } from '../http/route';
import { listProcessingRecords, type SubjectQuery } from './lookup';

const processingLogQuery = z
  .object({
    email: z.email().max(320).optional().meta({
      description:
        'A person’s e-mail address: the records of every ministry contact and dashboard user with it (case-insensitive).',
      example: 'contact@jenv.example',
    }),
    userId: z.uuid().optional().meta({ description: 'A dashboard user’s id.' }),
    personId: z.uuid().optional().meta({
      description:
        'A person a signal concerns, by their id in the signal (`GET /signals/{id}/concerned-persons`).',
    }),
    personName: text(200, 'A person a signal concerns, by name (case-insensitive, every signal).').optional(),
    birthDate: calendarDate('With personName: only the persons with this date of birth.').optional(),
  })
  .strict()
  .refine(
    (query) =>
      [query.email, query.userId, query.personId, query.personName].filter((v) => v !== undefined).length ===
      1,
    {
      message:
        'Give exactly one of email (a contact’s or user’s e-mail address), userId, personId or personName (a person a signal concerns).',
    },
  )
  .refine((query) => query.birthDate === undefined || query.personName !== undefined, {
    message: 'birthDate narrows a look-up by personName; give personName with it.',
    path: ['birthDate'],
  });

function subjectQueryOf(query: z.output<typeof processingLogQuery>): SubjectQuery {
  if (query.email !== undefined) return { email: query.email };
  if (query.userId !== undefined) return { userId: query.userId };
  if (query.personId !== undefined) return { personId: query.personId };
  return { personName: query.personName!, ...(query.birthDate ? { birthDate: query.birthDate } : {}) };
}

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
  subjectKind: z.enum(DATA_SUBJECT_KINDS).meta({
    description: 'Whose data: a ministry contact, a dashboard user, or a person a signal concerns.',
  }),
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
        'The processing log (Logboek Dataverwerkingen) of one person, newest first: a ministry contact or dashboard user (by e-mail address or user id), or a person a signal concerns (by id, or by name and optionally date of birth). The log holds pseudonyms only; the query is resolved to the persons it names at the time of asking. The look-up is itself recorded, for each person found. The loket lead only.',
      tags: ['Processing log'],
      roles: PERMISSIONS.readProcessingLog,
      query: processingLogQuery,
      success: { status: 200, description: 'The person’s records.', schema: listingSchema },
      errors: [],
      handler: async ({ query, now }) => {
        const listing = await listProcessingRecords(
          deps.prisma,
          deps.config.processingRegister,
          processingLogOf(deps),
          subjectQueryOf(query),
          now,
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
