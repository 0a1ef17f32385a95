import { defineSearchAttributeKey } from '@temporalio/common';

/**
 * Custom search attributes, so Temporal's own UI can list and filter signals. The dev server registers these at
 * start (scripts/services/temporal.ts); a remote cluster needs them created once by its operator.
 */
export const SignalStatusAttribute = defineSearchAttributeKey('SignalStatus', 'KEYWORD');
export const SignalOrganisationAttribute = defineSearchAttributeKey('SignalOrganisation', 'KEYWORD');
export const SignalMinistriesAttribute = defineSearchAttributeKey('SignalMinistries', 'KEYWORD_LIST');
export const SignalNextDeadlineAttribute = defineSearchAttributeKey('SignalNextDeadline', 'DATETIME');
export const SignalOverdueAttribute = defineSearchAttributeKey('SignalOverdue', 'BOOL');

/** Name=Type pairs as the `temporal` CLI's `--search-attribute` flag takes them. */
export const searchAttributeDefinitions: ReadonlyArray<[string, string]> = [
  ['SignalStatus', 'Keyword'],
  ['SignalOrganisation', 'Keyword'],
  ['SignalMinistries', 'KeywordList'],
  ['SignalNextDeadline', 'Datetime'],
  ['SignalOverdue', 'Bool'],
];
