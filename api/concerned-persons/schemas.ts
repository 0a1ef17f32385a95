import { z } from 'zod';
import { calendarDate, text } from '../http/text';

/** The persons a signal concerns: request and response schemas (validation, types and OpenAPI in one place). */

export const concernedPersonInput = z
  .object({
    name: text(200, 'The person’s name as the signal names them.'),
    birthDate: calendarDate('Date of birth, when the submitter knows it (tells two namesakes apart).')
      .refine((value) => value >= '1900-01-01', 'is before 1900-01-01')
      .refine((value) => value <= new Date().toISOString().slice(0, 10), 'is in the future')
      .optional(),
    role: text(200, 'Their part in the signal, e.g. “bestuurder van de onderneming”.').optional(),
  })
  .strict();
export type ConcernedPersonInput = z.output<typeof concernedPersonInput>;

export const concernedPersonsInput = z.array(concernedPersonInput).max(50).meta({
  description:
    'The persons the signal concerns, marked by the submitter. Personal data: only the signal’s submitters and the loket read them (never ministries, mails, events or exports), and every write and read is recorded in the processing log (Logboek Dataverwerkingen) under a pseudonym of each person.',
});

export const concernedPersonSchema = z.object({
  id: z
    .uuid()
    .meta({ description: 'The person’s id in this signal: what a look-up in the processing log names.' }),
  position: z.int().meta({ description: '1, 2, 3, … as the submitter listed them.' }),
  name: z.string(),
  birthDate: z.string().nullable().meta({ format: 'date' }),
  role: z.string().nullable(),
});

export const concernedPersonListSchema = z.object({
  signalId: z.uuid(),
  reference: z.string(),
  persons: z.array(concernedPersonSchema),
  links: z.object({ signal: z.string().meta({ format: 'uri-reference' }) }),
});
