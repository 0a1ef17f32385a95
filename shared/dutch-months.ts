/** The Dutch month names, January first (index = month number - 1), lower case as they stand in running text. */
export const DUTCH_MONTHS: readonly string[] = [
  'januari',
  'februari',
  'maart',
  'april',
  'mei',
  'juni',
  'juli',
  'augustus',
  'september',
  'oktober',
  'november',
  'december',
];
