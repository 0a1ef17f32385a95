import { recommendationSchema } from '../recommendations/schemas';
import { concernedPersonsInput } from '../concerned-persons/schemas';
import { z } from 'zod';
import {
  calendarDate,
  deadlineDayOut,
  instant,
  instantOut,
  ministryCode,
  organisationCode,
  text,
} from '../http/text';

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

/** Whether a signal's replies reached its submitters (api/signals/present.ts, replyForwardingOf). */
export const REPLY_FORWARDING_STATES = ['none', 'pending', 'forwarded'] as const;

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
    concernedPersons: concernedPersonsInput.optional(),
    coSubmitters: z.array(organisationCode).max(20).optional().meta({
      description:
        'Codes of the organisations that wrote the signal together with the submitting (lead) organisation: each of them sees the signal and gets its mails; only the lead amends or withdraws. Each code once, never the lead’s own.',
    }),
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

const AMENDED_FIELDS = ['title', 'summary', 'content', 'recommendations'] as const;

export const amendmentBody = z
  .object({
    title: text(300, 'New title.').optional(),
    summary: text(5_000, 'New summary.').optional(),
    content: text(200_000, 'New full text.').optional(),
    recommendations: recommendations.optional(),
    note: text(2_000, 'What changed (for the coordinator).').optional(),
  })
  .strict()
  .refine((body) => AMENDED_FIELDS.some((field) => body[field] !== undefined), {
    message: 'an amendment changes at least one of title, summary, content, recommendations',
    path: ['content'],
  })
  // The same rule for the document's readers: at least one of the changed fields is present.
  .meta({ anyOf: AMENDED_FIELDS.map((field) => ({ required: [field] })) });
export type AmendmentBody = z.output<typeof amendmentBody>;

export const withdrawBody = z
  .object({ reason: text(2_000, 'Why the signal is withdrawn.').optional() })
  .strict();
export const closeBody = z
  .object({
    note: text(2_000, 'Closing note for the timeline.').optional(),
    unforwardedReason: text(
      2_000,
      'Why a reply was not forwarded to the submitters (for the timeline; the submitters do not see it). Needed to close while a reply is not forwarded.',
    ).optional(),
  })
  .strict();

// Base64 with padding, as zod's own base64 check, spelled out so the document carries it.
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

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
              .regex(/^[A-Za-z0-9_.+-]+\/[A-Za-z0-9_.+-]+$/, 'must be a media type such as application/pdf'),
            contentBase64: z
              .string()
              .min(1)
              .regex(BASE64, 'must be base64 (RFC 4648, with padding)')
              .meta({ description: 'The file, base64-encoded.', contentEncoding: 'base64' }),
          })
          .strict(),
      )
      .max(10)
      .optional()
      .meta({ description: 'Scans of the letter and its attachments.' }),
  })
  .strict();
export type ReplyBody = z.output<typeof replyBody>;

const EXACTLY_ONE_DEADLINE_MODE =
  'give exactly one of dueDate, extraWorkingDays (extend, with a reason) or decision (decide a pending request)';
const extensionReason = text(2_000, 'Why the deadline is extended.');

/** Exactly one of three strict shapes, so the document says what the server accepts (a oneOf). */
export const deadlineBody = z
  .union(
    [
      z
        .object({
          dueDate: calendarDate('New reply deadline (the end of this day, Europe/Amsterdam).'),
          reason: extensionReason,
        })
        .strict()
        .meta({ description: 'Extend to a date.' }),
      z
        .object({
          extraWorkingDays: z
            .int()
            .min(1)
            .max(260)
            .meta({ description: 'Extend by this many working days.' }),
          reason: extensionReason,
        })
        .strict()
        .meta({ description: 'Extend by working days.' }),
      z
        .object({
          decision: z
            .enum(['approve', 'refuse'])
            .meta({ description: 'Approve or refuse the ministry’s pending extension request.' }),
          reason: text(2_000, 'Why (optional).').optional(),
        })
        .strict()
        .meta({ description: 'Decide the pending extension request.' }),
    ],
    { error: EXACTLY_ONE_DEADLINE_MODE },
  )
  .meta({
    description: `Set a new reply deadline or decide the ministry’s request: ${EXACTLY_ONE_DEADLINE_MODE}.`,
  });
export type DeadlineBody = z.output<typeof deadlineBody>;

// --- responses ---------------------------------------------------------------------------------------------

const links = (description: string) =>
  z
    .object({ self: z.string().meta({ description, format: 'uri-reference' }) })
    .meta({ description: 'Links.' });

export const organisationRef = z.object({ code: z.string(), name: z.string() });

const suspendedSince = (clock: string) =>
  instantOut(
    `Since when the ${clock} stands still (suspended by the loket); null while it runs or once it has ended. Its deadline moves by the working days it stood still when it resumes.`,
  ).nullable();
const suspensionReason = z.string().nullable().meta({
  description: 'Why the clock stands still; null while it runs, and always null for submitters.',
});

export const pendingSuspensionSchema = z
  .object({
    requestedAt: instantOut('When the ministry asked.'),
    reason: z.string(),
  })
  .nullable()
  .meta({
    description:
      'The ministry’s request to suspend its reply clock, awaiting the loket’s decision; always null for submitters.',
  });

export const ministryStateSchema = z.object({
  code: z.string(),
  name: z.string(),
  status: ministryStatusSchema,
  sentAt: instantOut('When the signal was sent to this ministry.'),
  ackDueAt: instantOut('Acknowledgement deadline.').nullable(),
  ackDueOn: deadlineDayOut('The last day to acknowledge (the day `ackDueAt` closes).').nullable(),
  acknowledgedAt: instantOut('When receipt was acknowledged.').nullable(),
  replyDueAt: instantOut('Reply deadline (moves with approved extensions).').nullable(),
  replyDueOn: deadlineDayOut('The last day to reply (the day `replyDueAt` closes).').nullable(),
  repliedAt: instantOut('When the reply was received.').nullable(),
  extensionCount: z.int(),
  escalationCount: z.int(),
  overdue: z.boolean(),
  ackSuspendedSince: suspendedSince('acknowledgement clock'),
  ackSuspensionReason: suspensionReason,
  replySuspendedSince: suspendedSince('reply clock'),
  replySuspensionReason: suspensionReason,
  pendingSuspension: pendingSuspensionSchema,
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
  nextDeadlineOn: deadlineDayOut(
    'The last day of the earliest running deadline (the day `nextDeadlineAt` closes).',
  ).nullable(),
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
  forwardedAt: instantOut('When the loket forwarded the reply to the submitters.').nullable(),
  documents: z
    .array(
      z.object({
        id: z.uuid(),
        filename: z.string(),
        contentType: z.string(),
        size: z.int(),
        sha256: z
          .string()
          .meta({ description: 'SHA-256 of the bytes (hex), computed when the document was stored.' }),
        links: z.object({ download: z.string().meta({ description: 'Path of the download.' }) }),
      }),
    )
    .nullable()
    .meta({
      description: 'The reply’s documents; null for submitters until the loket has forwarded the reply.',
    }),
});

export const submitterSchema = z
  .object({
    code: z.string(),
    name: z.string(),
    role: z.enum(['lead', 'co']).meta({
      description:
        '`lead`: the organisation that submitted it (it amends and withdraws); `co`: a co-submitter (it reads the signal and gets its mails).',
    }),
  })
  .meta({ description: 'An organisation that wrote the signal.' });

export const signalDetailSchema = signalSummarySchema.extend({
  summary: z.string(),
  content: z.string(),
  recommendations: z.array(z.string()).meta({
    description:
      'The recommendations’ texts, in order (as submitted; `recommendationItems` has their ids and outcomes).',
  }),
  recommendationItems: z.array(recommendationSchema).meta({
    description:
      'The recommendations with their ids and, per ministry the signal was sent to, their outcome.',
  }),
  contactEmail: z.string().nullable(),
  submitters: z
    .array(submitterSchema)
    .meta({ description: 'The lead submitter first, then its current co-submitters in the order added.' }),
  reviewDueAt: instantOut('Review deadline of the LIEC.').nullable(),
  reviewDueOn: deadlineDayOut('The last day of the review (the day `reviewDueAt` closes).').nullable(),
  amendmentDueAt: instantOut('Deadline for the submitter’s amendment.').nullable(),
  amendmentDueOn: deadlineDayOut(
    'The last day for the amendment (the day `amendmentDueAt` closes).',
  ).nullable(),
  suspendedSince: suspendedSince('running review or amendment clock'),
  suspensionReason,
  ministries: z.array(ministryStateSchema),
  replies: z.array(replySchema),
  replyForwarding: z.enum(REPLY_FORWARDING_STATES).meta({
    description:
      'Whether the replies reached the submitters: `none` (no reply yet), `pending` (a reply the loket has not forwarded yet), `forwarded` (every reply so far forwarded).',
  }),
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
  nextDeadlineOn: deadlineDayOut(
    'The last day of the earliest running deadline (the day `nextDeadlineAt` closes).',
  ).nullable(),
  nextDeadlineKind: z.string().nullable(),
  suspendedSince: suspendedSince('running review or amendment clock'),
  ministries: z.array(
    z.object({
      code: z.string(),
      status: ministryStatusSchema,
      ackDueAt: instantOut('Acknowledgement deadline.').nullable(),
      ackDueOn: deadlineDayOut('The last day to acknowledge (the day `ackDueAt` closes).').nullable(),
      replyDueAt: instantOut('Reply deadline.').nullable(),
      replyDueOn: deadlineDayOut('The last day to reply (the day `replyDueAt` closes).').nullable(),
      overdue: z.boolean(),
      pendingExtension: z
        .object({ requestedDueDate: calendarDate('Requested new date.'), reason: z.string() })
        .nullable()
        .meta({
          description:
            'The ministry’s extension request awaiting the loket’s decision; always null for submitters (the status says one is pending).',
        }),
      ackSuspendedSince: suspendedSince('acknowledgement clock'),
      replySuspendedSince: suspendedSince('reply clock'),
      pendingSuspension: pendingSuspensionSchema,
    }),
  ),
  links: links('The signal.'),
});
