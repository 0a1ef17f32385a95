import { z } from 'zod';
import { annualReportParagraph, computeAnnualReport } from '../../reports';
import type { AppDeps } from '../deps';
import { PERMISSIONS } from '../auth/permissions';
import { defineRoute, type AnyRoute } from '../http/route';

const annualQuery = z
  .object({
    year: z.coerce
      .number()
      .int()
      .min(2000)
      .max(2999)
      .meta({ description: 'The calendar year (Europe/Amsterdam).', example: 2022 }),
  })
  .strict();

const count = (description: string) => z.int().meta({ description });

const annualReportSchema = z.object({
  year: z.int(),
  paragraph: z.string().meta({ description: 'A Dutch paragraph for the RIEC-LIEC annual report.' }),
  figures: z
    .object({
      submitted: count('Signals submitted during the year.'),
      sent: count('Signals sent to ministries during the year.'),
      acknowledged: count('Ministry acknowledgements during the year.'),
      replied: count('Signals fully replied during the year.'),
      repliesReceived: count('Replies received during the year.'),
      repliesForwarded: count(
        'Replies the loket forwarded to the submitters during the year (a joint reply once).',
      ),
      awaitingAtYearEnd: count('Signals still awaiting a reply at the end of the year.'),
      medianReplyDays: z.int().nullable().meta({ description: 'Median days from sending to reply.' }),
      longestReplyDays: z.int().nullable().meta({ description: 'Longest days from sending to reply.' }),
      perMinistry: z.array(z.record(z.string(), z.unknown())).meta({
        description:
          'Per ministry, among its figures `recommendations`: made (the recommendations of the signals sent to it during the year), outcomes as recorded by the year’s end, and follow-ups reported during the year by their progress.',
      }),
      recommendations: z.record(z.string(), z.unknown()).meta({
        description:
          'Over all ministries: `made` (each recommendation of the signals sent during the year once), `outcomes` (per recommendation and ministry, as recorded by the year’s end; recorded later counts as open) and `followUpsReported` (progress reports during the year: total, implemented, in_progress, dropped).',
      }),
      perOrganisation: z.array(z.record(z.string(), z.unknown())).meta({
        description:
          'Per organisation, a signal counts under each of its submitters (the lead and every current co-submitter), so these may add up to more than the totals, where each signal counts once.',
      }),
      countsCoSubmitters: z.boolean().meta({
        description:
          'Whether a signal with co-submitters is among those counted (the paragraph then says so).',
      }),
      monthly: z.array(z.record(z.string(), z.unknown())),
      sentSignals: z.array(z.record(z.string(), z.unknown())),
      earlierSignalsReplied: z.array(z.record(z.string(), z.unknown())),
    })
    .meta({ description: 'The figures behind the paragraph.' }),
});

/** `GET /reports/annual`: the computation lives in reports/ (shared with the dashboard). */
export function reportRoutes(deps: AppDeps): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/reports/annual',
      operationId: 'getAnnualReport',
      summary: 'Figures and a paragraph for the annual report',
      description:
        'Signals submitted, sent and replied in a calendar year, per ministry and organisation, with a Dutch paragraph.',
      tags: ['Reports'],
      roles: PERMISSIONS.readAllSignals,
      query: annualQuery,
      success: { status: 200, description: 'The year’s figures.', schema: annualReportSchema },
      errors: [],
      handler: async ({ query }) => {
        const figures = await computeAnnualReport(deps.prisma, query.year);
        const { year, ...rest } = figures;
        return { status: 200, body: { year, paragraph: annualReportParagraph(figures), figures: rest } };
      },
    }),
  ];
}
