import type { SubjectQuery } from '../processing-log/lookup';
import { isValidCalendarDate } from '../../shared/working-days';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;

type Shown = { email: string } | { person: { name: string; birthDate?: string } };
export type ProcessingLogLookup =
  { query: SubjectQuery; shown: Shown } | { error: { nl: string; en: string }; shown: Shown };

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value.trim() : undefined);

/**
 * The lead's search on the processing-log page, from its query string: an e-mail address (`email`), or a person a
 * signal concerns by name (`person`, with an optional `birthDate`). Nothing asked yet: undefined.
 */
export function lookupOf(query: Record<string, unknown>): ProcessingLogLookup | undefined {
  const name = text(query.person);
  if (name !== undefined) {
    const birthDate = text(query.birthDate) || undefined;
    const shown = { person: { name, ...(birthDate ? { birthDate } : {}) } };
    if (name.length === 0 || name.length > 200) {
      return {
        shown,
        error: {
          nl: 'Vul een naam in (hoogstens 200 tekens).',
          en: 'Enter a name (at most 200 characters).',
        },
      };
    }
    if (birthDate !== undefined && !(DATE.test(birthDate) && isValidCalendarDate(birthDate))) {
      return {
        shown,
        error: {
          nl: 'Vul de geboortedatum in als JJJJ-MM-DD, of laat het veld leeg.',
          en: 'Enter the date of birth as YYYY-MM-DD, or leave it empty.',
        },
      };
    }
    return { shown, query: { personName: name, ...(birthDate ? { birthDate } : {}) } };
  }
  const email = text(query.email);
  if (email === undefined) return undefined;
  if (!EMAIL.test(email) || email.length > 320) {
    return {
      shown: { email },
      error: {
        nl: 'Vul een volledig e-mailadres in, zoals naam@ministerie.nl.',
        en: 'Enter a complete e-mail address, such as name@ministry.nl.',
      },
    };
  }
  return { shown: { email }, query: { email } };
}
