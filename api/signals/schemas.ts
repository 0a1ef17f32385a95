import { z } from 'zod';
import { calendarDate, instant, instantOut, ministryCode, organisationCode, text } from '../http/text';

/** The signal resource: request and response schemas (the one source for validation, types and OpenAPI). */

export const SIGNAL_STATUSES = [
  'submitted',
  'in_review',
  'changes_requested',
  'rejected',
  'withdrawn',
  'sent',
  'partially_replied',
  'replied',
  'closed',
] as const;
export const MINISTRY_CASE_STATUSES = [
  'awaiting_ack',
  'acknowledged',
  'extension_requested',
  'replied',
  'cancelled',
] as const;

export const signalStatusSchema = z
  .enum(SIGNAL_STATUSES)
  .meta({ description: 'Lifecycle status of the signal.' });
const ministryStatusSchema = z
  .enum(MINISTRY_CASE_STATUSES)
  .meta({ description: 'State of one addressed ministry.' });

export const signalIdParams = z
  .object({ signalId: z.uuid().meta({ description: 'The signal’s id (UUID).' }) })
  .strict();
export const ministryParams = z
  .object({ signalId: z.uuid().meta({ description: 'The signal’s id (UUID).' }), code: ministryCode })
  .strict();

const recommendations = z
  .array(text(10_000, 'One recommendation.'))
  .max(50)
  .meta({ description: 'The concrete recommendations, in order.' });

export const submitSignalBody = z
  .object({
    title: text(300, 'Short title of the signal.'),
    summary: text(5_000, 'Summary (a few paragraphs) for the LIEC and the ministries.'),
    content: text(200_000, 'The full text of the signal.'),
    recommendations: recommendations.default([]),
    contactEmail: z.email().max(254).optional().meta({
      description: 'Functional mailbox for notifications about this signal; default: the organisation’s.',
    }),
    organisationCode: organisationCode
      .optional()
      .meta({ description: 'Coordinators only: the organisation on whose behalf the signal is registered.' }),
  })
  .strict();
export type SubmitSignalBody = z.output<typeof submitSignalBody>;

export const reviewBody = z
  .discriminatedUnion('decision', [
    z
      .object({
        decision: z.literal('accept'),
        ministryCodes: z
          .array(ministryCode)
          .min(1)
          .max(12)
          .meta({ description: 'The ministries to send it to.' }),
        note: text(2_000, 'Optional note for the timeline.').optional(),
      })
      .strict(),
    z
      .object({
        decision: z.literal('request_changes'),
        reason: text(2_000, 'What the submitter should change.'),
      })
      .strict(),
    z.object({ decision: z.literal('reject'), reason: text(2_000, 'Why the signal is rejected.') }).strict(),
  ])
  .meta({ description: 'The review decision: accept (with ministries), request changes, or reject.' });
export type ReviewBody = z.output<typeof reviewBody>;

export const amendmentBody = z
  .object({
    title: text(300, 'New title.').optional(),
    summary: text(5_000, 'New summary.').optional(),
    content: text(200_000, 'New full text.').optional(),
    recommendations: recommendations.optional(),
    note: text(2_000, 'What changed (for the coordinator).').optional(),
  })
  .strict()
  .refine(
    (body) =>
      body.title !== undefined ||
      body.summary !== undefined ||
      body.content !== undefined ||
      body.recommendations !== undefined,
    {
      message: 'an amendment changes at least one of title, summary, content, recommendations',
      path: ['content'],
    },
  );
export type AmendmentBody = z.output<typeof amendmentBody>;

export const withdrawBody = z
  .object({ reason: text(2_000, 'Why the signal is withdrawn.').optional() })
  .strict();
export const closeBody = z
  .object({ note: text(2_000, 'Closing note for the timeline.').optional() })
  .strict();

export const replyBody = z
  .object({
    text: text(200_000, 'The text of the reply (or a summary of the letter).'),
    receivedAt: instant('When the letter was received; default now. Never in the future.').optional(),
    jointMinistryCodes: z
      .array(ministryCode)
      .max(12)
      .optional()
      .meta({ description: 'Other addressed ministries this one reply also answers for (a joint reply).' }),
    documents: z
      .array(
        z
          .object({
            filename: text(255, 'File name, e.g. brief.pdf.'),
            contentType: z
              .string()
              .regex(/^[\w.+-]+\/[\w.+-]+$/, 'must be a media type such as application/pdf'),
            contentBase64: z.base64().min(1).meta({ description: 'The file, base64-encoded.' }),
          })
          .strict(),
      )
      .max(10)
      .optional()
      .meta({ description: 'Scans of the letter and its attachments.' }),
  })
  .strict();
export type ReplyBody = z.output<typeof replyBody>;

export const deadlineBody = z
  .object({
    dueDate: calendarDate('New reply deadline (the end of this day, Europe/Amsterdam).').optional(),
    extraWorkingDays: z
      .int()
      .min(1)
      .max(260)
      .optional()
      .meta({ description: 'Extend by this many working days.' }),
    decision: z
      .enum(['approve', 'refuse'])
      .optional()
      .meta({ description: 'Decide the ministry’s pending extension request instead of setting a date.' }),
    reason: text(2_000, 'Why (required when extending; optional when deciding a request).').optional(),
  })
  .strict()
  .superRefine((body, ctx) => {
    const modes = [body.dueDate, body.extraWorkingDays, body.decision].filter((v) => v !== undefined).length;
    if (modes !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['dueDate'],
        message:
          'give exactly one of dueDate, extraWorkingDays (extend) or decision (decide a pending request)',
      });
    }
    if (body.decision === undefined && body.reason === undefined) {
      ctx.addIssue({ code: 'custom', path: ['reason'], message: 'is required when extending a deadline' });
    }
  });
export type DeadlineBody = z.output<typeof deadlineBody>;

// --- responses ---------------------------------------------------------------------------------------------

const links = (description: string) =>
  z
    .object({ self: z.string().meta({ description, format: 'uri-reference' }) })
    .meta({ description: 'Links.' });

export const organisationRef = z.object({ code: z.string(), name: z.string() });

export const ministryStateSchema = z.object({
  code: z.string(),
  name: z.string(),
  status: ministryStatusSchema,
  sentAt: instantOut('When the signal was sent to this ministry.'),
  ackDueAt: instantOut('Acknowledgement deadline.').nullable(),
  acknowledgedAt: instantOut('When receipt was acknowledged.').nullable(),
  replyDueAt: instantOut('Reply deadline (moves with approved extensions).').nullable(),
  repliedAt: instantOut('When the reply was received.').nullable(),
  extensionCount: z.int(),
  escalationCount: z.int(),
  overdue: z.boolean(),
});

export const signalSummarySchema = z.object({
  id: z.uuid(),
  reference: z.string().meta({ example: 'BS-2026-0001' }),
  status: signalStatusSchema,
  title: z.string(),
  organisation: organisationRef,
  submittedAt: instantOut('When the signal was submitted.'),
  sentAt: instantOut('When it was sent to the ministries.').nullable(),
  closedAt: instantOut('When it was closed.').nullable(),
  nextDeadlineAt: instantOut('The earliest running deadline.').nullable(),
  nextDeadlineKind: z
    .string()
    .nullable()
    .meta({ description: 'review, amendment, ack:<CODE> or reply:<CODE>.' }),
  overdue: z.boolean(),
  ministries: z.array(z.object({ code: z.string(), status: ministryStatusSchema })),
  links: links('This signal.'),
});

export const timelineEventSchema = z.object({
  type: z.string().meta({ example: 'submitted' }),
  at: instantOut('When it happened.'),
  ministryCode: z.string().nullable(),
  actor: z.object({
    type: z.string(),
    label: z.string().meta({
      description:
        'Who acted. Submitters see organisations only: the loket, a ministry, their own organisation; never a person’s name.',
    }),
  }),
  data: z.record(z.string(), z.unknown()).meta({
    description:
      'Details of the step. Submitters see the steps of their own process and each ministry’s outcome, with the details meant for them (reasons for requested changes, a rejection or a withdrawal, their own notes, dates); the loket’s internal notes, reminders, escalations and the ministries’ extension requests are not in their timeline.',
  }),
});

export const replySchema = z.object({
  id: z.uuid(),
  channel: z.enum(['link', 'post']),
  receivedAt: instantOut('When the reply was received.'),
  ministryCodes: z.array(z.string()),
  text: z.string().nullable().meta({
    description: 'The reply’s text; null for submitters until the loket has forwarded the reply to them.',
  }),
  documents: z
    .array(z.object({ id: z.uuid(), filename: z.string(), contentType: z.string(), size: z.int() }))
    .nullable()
    .meta({
      description: 'The reply’s documents; null for submitters until the loket has forwarded the reply.',
    }),
});

export const signalDetailSchema = signalSummarySchema.extend({
  summary: z.string(),
  content: z.string(),
  recommendations: z.array(z.string()),
  contactEmail: z.string().nullable(),
  reviewDueAt: instantOut('Review deadline of the LIEC.').nullable(),
  amendmentDueAt: instantOut('Deadline for the submitter’s amendment.').nullable(),
  ministries: z.array(ministryStateSchema),
  replies: z.array(replySchema),
  timeline: z.array(timelineEventSchema),
});

export const submitResponseSchema = z.object({
  id: z.uuid(),
  reference: z.string().meta({ example: 'BS-2026-0001' }),
  status: signalStatusSchema,
  submittedAt: instantOut('When the signal was accepted.'),
  links: links('The new signal.'),
});

export const signalPageSchema = z.object({
  items: z.array(signalSummarySchema),
  nextCursor: z
    .string()
    .nullable()
    .meta({ description: 'Pass as `cursor` for the next page; null on the last.' }),
  links: z.object({ self: z.string(), next: z.string().nullable() }),
});

export const transitionResultSchema = z.object({
  id: z.uuid(),
  reference: z.string(),
  status: signalStatusSchema,
  nextDeadlineAt: instantOut('The earliest running deadline.').nullable(),
  nextDeadlineKind: z.string().nullable(),
  ministries: z.array(
    z.object({
      code: z.string(),
      status: ministryStatusSchema,
      ackDueAt: instantOut('Acknowledgement deadline.').nullable(),
      replyDueAt: instantOut('Reply deadline.').nullable(),
      overdue: z.boolean(),
      pendingExtension: z
        .object({ requestedDueDate: calendarDate('Requested new date.'), reason: z.string() })
        .nullable()
        .meta({
          description:
            'The ministry’s extension request awaiting the loket’s decision; always null for submitters (the status says one is pending).',
        }),
    }),
  ),
  links: links('The signal.'),
});
