import { createOrganisation } from '../../scripts/admin/commands';
import type { ApiHarness } from './harness';

/** The municipality's mailbox: it co-submits in the tests and so gets the submitters' mails. */
export const MUNICIPALITY_MAILBOX = 'signalen@amsterdam.example';

/**
 * The two organisations the co-submitter tests name besides the harness's RIECs: a municipality with a mailbox, and
 * the police, with one only when the test reads its mail.
 */
export async function createCoSubmitterOrganisations(h: ApiHarness, policeMailbox?: string): Promise<void> {
  await createOrganisation(h.db.prisma, {
    code: 'GEM-AMS',
    name: 'Gemeente Amsterdam',
    kind: 'other',
    email: MUNICIPALITY_MAILBOX,
  });
  await createOrganisation(h.db.prisma, {
    code: 'POL-NH',
    name: 'Politie Noord-Holland',
    kind: 'other',
    ...(policeMailbox ? { email: policeMailbox } : {}),
  });
}
