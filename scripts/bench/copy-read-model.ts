import pg from 'pg';

/**
 * Grows the read model to `rows` signals by copying the real ones (made by the workflows) under new ids, each
 * copy a week further back in time, with their ministry rows and timeline events. No workflows stand behind the
 * copies: this measures what the list and the annual report cost at that size of table, quickly, where building
 * that many real lifecycles would take hours on this machine.
 */
export async function copyReadModel(databaseUrl: string, rows: number): Promise<number> {
  const client = new pg.Client(databaseUrl);
  await client.connect();
  try {
    const { rows: counted } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM "Signal"`);
    const originals = Number(counted[0]!.n);
    const copies = Math.ceil((rows - originals) / originals);
    if (copies <= 0) return originals;
    const shift = `m.n * interval '7 days'`;
    await client.query('BEGIN');
    await client.query(
      `CREATE TEMP TABLE copy_map ON COMMIT DROP AS
         SELECT s.id AS source, gen_random_uuid() AS id, g AS n
           FROM "Signal" s CROSS JOIN generate_series(1, $1::int) g
          WHERE s."workflowId" NOT LIKE 'copy-%'`,
      [copies],
    );
    await client.query(`
      INSERT INTO "Signal" (id, reference, "organisationId", title, summary, content, status, "workflowId",
        "workflowStartedAt", "policyName", "submitterEmail", "submittedAt", "sentAt", "closedAt", "nextDeadlineAt",
        "nextDeadlineKind", "reviewDueAt", "amendmentDueAt", "stateVersion", imported, "createdAt", "updatedAt")
      SELECT m.id, 'COPY-' || m.n || '-' || s.reference, s."organisationId", s.title, s.summary, s.content, s.status,
        'copy-' || m.n || '-' || s."workflowId", s."workflowStartedAt", s."policyName", s."submitterEmail",
        s."submittedAt" - ${shift}, s."sentAt" - ${shift}, s."closedAt", s."nextDeadlineAt" - ${shift}, s."nextDeadlineKind",
        s."reviewDueAt" - ${shift}, s."amendmentDueAt", s."stateVersion", s.imported, s."createdAt", now()
      FROM copy_map m JOIN "Signal" s ON s.id = m.source`);
    await client.query(`
      INSERT INTO "Recommendation" (id, "signalId", position, text, "createdAt")
      SELECT gen_random_uuid(), m.id, r.position, r.text, r."createdAt"
      FROM copy_map m JOIN "Recommendation" r ON r."signalId" = m.source`);
    await client.query(`
      INSERT INTO "MinistryCase" (id, "signalId", "ministryId", status, "workflowId", "sentAt", "ackDueAt", "replyDueAt",
        "acknowledgedAt", "repliedAt", "extensionCount", "escalationCount", "stateVersion", "updatedAt")
      SELECT gen_random_uuid(), m.id, c."ministryId", c.status, 'copy-' || m.n || '-' || c."workflowId", c."sentAt" - ${shift},
        c."ackDueAt" - ${shift}, c."replyDueAt" - ${shift}, c."acknowledgedAt" - ${shift}, c."repliedAt" - ${shift},
        c."extensionCount", c."escalationCount", c."stateVersion", now()
      FROM copy_map m JOIN "MinistryCase" c ON c."signalId" = m.source`);
    await client.query(`
      INSERT INTO "SignalEvent" ("signalId", "businessKey", type, "ministryCode", "actorType", "actorLabel", at, data, "recordedAt")
      SELECT m.id, 'copy-' || m.n || '-' || e."businessKey", e.type, e."ministryCode", e."actorType", e."actorLabel",
        e.at - ${shift}, e.data, e."recordedAt"
      FROM copy_map m JOIN "SignalEvent" e ON e."signalId" = m.source`);
    await client.query('COMMIT');
    await client.query('ANALYZE');
    const { rows: after } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM "Signal"`);
    return Number(after[0]!.n);
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}
