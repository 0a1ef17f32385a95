import crypto from 'node:crypto';
import { z } from 'zod';

/**
 * The register of processing activities (verwerkingsregister) that the processing log refers to: each kind of
 * processing of personal data the product does, with the URI under which the organisation registers it
 * (`dpl.core.processing_activity_id`). PROCESSING_ACTIVITIES (a JSON object, key to URI) overrides the defaults,
 * which name the activities under PROCESSING_REGISTER_BASE_URL.
 */
export const PROCESSING_ACTIVITIES = [
  'contact-notification',
  'contact-administration',
  'contact-response',
  'user-administration',
  'user-sign-in',
  'concerned-person-registration',
  'concerned-person-access',
  'processing-log-inspection',
] as const;
export type ProcessingActivity = (typeof PROCESSING_ACTIVITIES)[number];

export const DEFAULT_PROCESSING_REGISTER_BASE_URL =
  'https://register.signaalloket.invalid/verwerkingsactiviteiten/';

// An empty variable counts as unset, as in the rest of the environment (shared/config.ts).
const blankAsUnset = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value ? value : undefined));

/** The processing log's settings: part of the one environment schema (shared/config.ts). */
export const processingRegisterSettings = {
  PROCESSING_REGISTER_BASE_URL: blankAsUnset.pipe(z.url().optional()),
  PROCESSING_ACTIVITIES: blankAsUnset.transform((raw, ctx): Partial<Record<ProcessingActivity, string>> => {
    if (!raw) return {};
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a JSON object of activity to URI' });
      return {};
    }
    const parsed = z.partialRecord(z.enum(PROCESSING_ACTIVITIES), z.url()).safeParse(json);
    if (!parsed.success) {
      ctx.addIssue({
        code: 'custom',
        message: `must map some of ${PROCESSING_ACTIVITIES.join(', ')} to a URI each`,
      });
      return {};
    }
    return parsed.data;
  }),
  PROCESSING_LOG_KEY: blankAsUnset.pipe(z.string().min(32, 'must be at least 32 characters').optional()),
};
const settingsSchema = z.object(processingRegisterSettings);
export type ProcessingRegisterSettings = z.infer<typeof settingsSchema>;

/** Whose data: a ministry contact, a dashboard user, or a person a signal concerns (their ConcernedPerson row). */
export const DATA_SUBJECT_KINDS = ['contact', 'user', 'person'] as const;
export type DataSubject = { kind: (typeof DATA_SUBJECT_KINDS)[number]; id: string };

export interface ProcessingRegister {
  uriOf(activity: ProcessingActivity): string;
  /** The register's activity behind a URI in a record (for its name in the lead's listing). */
  activityOf(uri: string): ProcessingActivity | undefined;
  /** dpl.core.data_subject_id: a keyed pseudonym of the subject, stable per subject, not reversible without the key. */
  pseudonymOf(subject: DataSubject): string;
}

/**
 * The register from the parsed settings, once per process. The pseudonym key is PROCESSING_LOG_KEY, or else derived
 * from the response-link secret (HKDF), which API and worker already share, so both write the same pseudonym for a
 * subject and the lead's look-up finds both.
 */
export function createProcessingRegister(
  settings: Partial<ProcessingRegisterSettings>,
  responseLinkSecret: string,
): ProcessingRegister {
  const base = (settings.PROCESSING_REGISTER_BASE_URL ?? DEFAULT_PROCESSING_REGISTER_BASE_URL).replace(
    /\/?$/,
    '/',
  );
  const overrides = settings.PROCESSING_ACTIVITIES ?? {};
  const key = settings.PROCESSING_LOG_KEY
    ? Buffer.from(settings.PROCESSING_LOG_KEY, 'utf8')
    : Buffer.from(crypto.hkdfSync('sha256', responseLinkSecret, '', 'signaalloket processing log', 32));
  const uriOf = (activity: ProcessingActivity): string => overrides[activity] ?? `${base}${activity}`;
  const byUri = new Map(PROCESSING_ACTIVITIES.map((activity) => [uriOf(activity), activity]));
  return {
    uriOf,
    activityOf: (uri) => byUri.get(uri),
    pseudonymOf: ({ kind, id }) => crypto.createHmac('sha256', key).update(`${kind}:${id}`).digest('hex'),
  };
}

/** For a test or a tool with the raw variables at hand: the same parsing as the environment schema. */
export function processingRegisterFrom(
  env: NodeJS.ProcessEnv,
  responseLinkSecret: string,
): ProcessingRegister {
  return createProcessingRegister(settingsSchema.parse(env), responseLinkSecret);
}
