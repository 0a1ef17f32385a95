/** One signal as the paragraph tells it. */
export interface ReportedSignal {
  id: string;
  reference: string;
  title: string;
  organisation: string;
  submittedAt: string;
  sentAt: string | null;
  ministries: { code: string; name: string }[];
  /** Replies received up to the end of the year, oldest first; a joint reply lists each of its ministries. */
  replies: { receivedAt: string; ministries: { code: string; name: string }[]; days: number | null }[];
  awaitingAtYearEnd: boolean;
}
