import crypto from 'node:crypto';
import { z } from 'zod';
import { setVariables } from './set-variables';

/**
 * The register of processing activities (verwerkingsregister) that the processing log refers to: each kind of
 * processing of personal data the product does, with the URI under which the organisation registers it
 * (`dpl.core.processing_activity_id`). PROCESSING_ACTIVITIES (a JSON object, key to URI) overrides the defaults,
 * which name the activities under PROCESSING_REGISTER_BASE_URL.
 */
export const PROCESSING_ACTIVITIES = [
  'contact-notification',
  'contact-administration',
  'user-administration',
  'user-sign-in',
] as const;
export type ProcessingActivity = (typeof PROCESSING_ACTIVITIES)[number];

const settings = z.object({
  PROCESSING_REGISTER_BASE_URL: z
    .url()
    .default('https://register.signaalloket.invalid/verwerkingsactiviteiten/'),
  PROCESSING_ACTIVITIES: z
    .string()
    .optional()
    .transform((raw): Partial<Record<ProcessingActivity, string>> =>
      raw ? z.partialRecord(z.enum(PROCESSING_ACTIVITIES), z.url()).parse(JSON.parse(raw)) : {},
    ),
  PROCESSING_LOG_KEY: z.string().min(32).optional(),
});

export interface ProcessingRegister {
  uriOf(activity: ProcessingActivity): string;
  /** dpl.core.data_subject_id: a keyed pseudonym of the subject, stable per subject, not reversible without the key. */
  pseudonymOf(subject: { kind: 'contact' | 'user'; id: string }): string;
}

/**
 * From the environment, once per process. The pseudonym key is PROCESSING_LOG_KEY, or else derived from the
 * response-link secret (HKDF), which API and worker already share, so both write the same pseudonym for a subject.
 */
export function processingRegisterFrom(
  env: NodeJS.ProcessEnv,
  responseLinkSecret: string,
): ProcessingRegister {
  const parsed = settings.parse(
    setVariables(env, ['PROCESSING_REGISTER_BASE_URL', 'PROCESSING_ACTIVITIES', 'PROCESSING_LOG_KEY']),
  );
  const base = parsed.PROCESSING_REGISTER_BASE_URL.replace(/\/?$/, '/');
  const key = parsed.PROCESSING_LOG_KEY
    ? Buffer.from(parsed.PROCESSING_LOG_KEY, 'utf8')
    : Buffer.from(crypto.hkdfSync('sha256', responseLinkSecret, '', 'signaalloket processing log', 32));
  return {
    uriOf: (activity) => parsed.PROCESSING_ACTIVITIES[activity] ?? `${base}${activity}`,
    pseudonymOf: ({ kind, id }) => crypto.createHmac('sha256', key).update(`${kind}:${id}`).digest('hex'),
  };
}
