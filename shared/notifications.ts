/**
 * The notification contract between the lifecycle workflows (which decide *that* someone must be told) and the
 * mail activities in activities/mail/ (which decide *how*: addresses, Dutch templates, response links, outbox).
 * Workflows pass ids, codes and dates only; the mail side reads names and addresses from PostgreSQL.
 */

export type NotificationTemplate =
  | 'submission_received'
  | 'review_reminder'
  | 'review_escalation'
  | 'changes_requested'
  | 'amendment_received'
  | 'amendment_reminder'
  | 'amendment_escalation'
  | 'signal_rejected'
  | 'signal_withdrawn'
  | 'signal_sent'
  | 'ministry_request'
  | 'ministry_withdrawn'
  | 'ack_reminder'
  | 'ack_escalation'
  | 'reply_reminder'
  | 'reply_escalation'
  | 'extension_requested'
  | 'extension_decided'
  | 'deadline_extended'
  | 'reply_received'
  | 'reply_forwarded'
  | 'clock_suspended'
  | 'clock_resumed'
  | 'suspension_requested'
  | 'suspension_decided'
  | 'outcome_proposed'
  | 'follow_up_request'
  | 'follow_up_reminder'
  | 'follow_up_escalation'
  | 'follow_up_reported'
  | 'signal_closed';

export const NOTIFICATION_TEMPLATES: readonly NotificationTemplate[] = [
  'submission_received',
  'review_reminder',
  'review_escalation',
  'changes_requested',
  'amendment_received',
  'amendment_reminder',
  'amendment_escalation',
  'signal_rejected',
  'signal_withdrawn',
  'signal_sent',
  'ministry_request',
  'ministry_withdrawn',
  'ack_reminder',
  'ack_escalation',
  'reply_reminder',
  'reply_escalation',
  'extension_requested',
  'extension_decided',
  'deadline_extended',
  'reply_received',
  'reply_forwarded',
  'clock_suspended',
  'clock_resumed',
  'suspension_requested',
  'suspension_decided',
  'outcome_proposed',
  'follow_up_request',
  'follow_up_reminder',
  'follow_up_escalation',
  'follow_up_reported',
  'signal_closed',
];

/**
 * - submitter: every current submitter of the signal: the lead at its submitterEmail (or its organisation's
 *   notifyEmail), each co-submitter at its organisation's notifyEmail
 * - coordinators: every active coordinator (role coordinator)
 * - lead: the loket lead(s) (role lead)
 * - ministry_contact: the ministry's active contacts (role contact), with a personal response link
 * - ministry_escalation: the ministry's escalation contacts (role escalation)
 */
export type Audience = 'submitter' | 'coordinators' | 'lead' | 'ministry_contact' | 'ministry_escalation';

/** Values a template may show. Never signal content; only what is safe in any mailbox. */
export interface NotificationData {
  /** Due instant relevant to the mail (review, amendment, acknowledgement or reply deadline). */
  dueAt?: string;
  /** Previous deadline when one moved. */
  previousDueAt?: string;
  /** Escalation number (1 = at the deadline). */
  escalationLevel?: number;
  /** Ministry codes involved (e.g. all codes of a joint reply). */
  ministryCodes?: string[];
  /** A short reason written by a coordinator or contact (request changes, reject, extension). */
  reason?: string;
  decision?: 'approve' | 'refuse';
  /** Which clock a suspension or resumption is about (the mail names it, e.g. "de reactietermijn"). */
  clock?: 'review' | 'amendment' | 'acknowledgement' | 'reply';
  /** Working days a resumed clock's deadline moved by. */
  workingDays?: number;
  channel?: 'link' | 'post';
  replyId?: string;
  /** Sentence-free counters for dashboards or summaries. */
  count?: number;
}

export interface NotifyInput {
  /** Workflow id + step (+ audience is added by the mail side): a retried call sends no second mail. */
  businessKey: string;
  signalId: string;
  /** Set for ministry-scoped templates (ministry_request, ack_*, reply_*, extension_*). */
  ministryCode?: string;
  template: NotificationTemplate;
  audiences: Audience[];
  data?: NotificationData;
}

/** What activities/mail/ provides (createMailActivities(deps)). */
export interface MailActivities {
  notify(input: NotifyInput): Promise<void>;
}
