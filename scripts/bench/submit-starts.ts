import pg from 'pg';

export interface StartCounts {
  accepted: number;
  inRequest: number;
  later: number;
  pending: number;
}

/**
 * The API answers 201 even when Temporal does not start the workflow within 3 s (api/workflow/start.ts): the signal
 * is accepted and the reconciler starts it later. A fair comparison with the floor counts only the signals whose
 * workflow started within the request (their workflowStartedAt equals submittedAt: the request's own clock).
 */
export async function startsWithinRequest(databaseUrl: string, from: Date, to: Date): Promise<StartCounts> {
  const client = new pg.Client(databaseUrl);
  await client.connect();
  try {
    const { rows } = await client.query<{
      accepted: string;
      in_request: string;
      later: string;
      pending: string;
    }>(
      `SELECT count(*) AS accepted,
              count(*) FILTER (WHERE "workflowStartedAt" = "submittedAt") AS in_request,
              count(*) FILTER (WHERE "workflowStartedAt" > "submittedAt") AS later,
              count(*) FILTER (WHERE "workflowStartedAt" IS NULL) AS pending
         FROM "Signal" WHERE "submittedAt" >= $1 AND "submittedAt" < $2`,
      [from, to],
    );
    const row = rows[0]!;
    return {
      accepted: Number(row.accepted),
      inRequest: Number(row.in_request),
      later: Number(row.later),
      pending: Number(row.pending),
    };
  } finally {
    await client.end();
  }
}
