import { ALL_ROLES, LOKET_ROLES, STAFF_ROLES, type Role } from './principal';

/**
 * Who may do what, for both ways in: the API's routes take their `roles` from this table, and the dashboard asks
 * it before it takes a decision or renders the decision's form. One table, so a role can never do on one path
 * what the other refuses (an admin reads everything but decides nothing; the loket lead decides like a
 * coordinator).
 */
export const PERMISSIONS = {
  submitSignal: ['submitter', ...LOKET_ROLES],
  readSignals: ALL_ROLES,
  /** Every signal at once: the CSV export, the annual report, the dashboard's pages. */
  readAllSignals: STAFF_ROLES,
  /** Accept (and send to ministries), request changes, reject. */
  review: LOKET_ROLES,
  /** A submitter also needs to be the signal's lead (co-submitters read only): api/signals/actions.ts. */
  amend: ['submitter'],
  /** Attach documents to a signal (the service checks the signal's state per role). */
  attachDocuments: ['submitter', ...LOKET_ROLES],
  withdraw: ['submitter', ...LOKET_ROLES],
  recordReply: LOKET_ROLES,
  /** Extend a reply deadline, or approve or refuse a ministry's extension request. */
  changeDeadline: LOKET_ROLES,
  /** Suspend or resume a running clock, and grant or refuse a ministry's request to suspend its reply clock. */
  suspendClocks: LOKET_ROLES,
  close: LOKET_ROLES,
  /** Record (or confirm a ministry's proposal of) what a ministry did with a recommendation. */
  recordOutcomes: LOKET_ROLES,
  /** Forward a ministry's reply (its text and documents) to the submitters. */
  forwardReplies: LOKET_ROLES,
  /** Which personal links went to which contacts, and what they did. */
  readResponseLinks: LOKET_ROLES,
  reissueResponseLink: LOKET_ROLES,
  /** Add or remove the organisations that co-submit a signal. */
  manageCoSubmitters: LOKET_ROLES,
  /**
   * The persons a signal concerns (personal data): its submitters (object-level check) and the loket; not admins,
   * who read everything else.
   */
  readConcernedPersons: ['submitter', ...LOKET_ROLES],
  /** What was done with a person's data (the processing log): the loket lead alone, not every coordinator. */
  readProcessingLog: ['lead'],
  /** Subscribe endpoints to events: an organisation about its own signals, the loket about all of them. */
  subscribeToEvents: ['submitter', ...LOKET_ROLES],
  /** See event deliveries that failed, and send them again (the dashboard). */
  resendEventDeliveries: LOKET_ROLES,
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function mayDo(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}
