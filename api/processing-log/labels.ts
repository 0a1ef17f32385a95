import type { ProcessingActivity } from '../../shared/processing-register';

/** The register's activities by name, Dutch first and English, for the lead's listing. */
export const PROCESSING_ACTIVITY_NAMES: Record<ProcessingActivity, { nl: string; en: string }> = {
  'contact-notification': {
    nl: 'Berichten aan contactpersonen van ministeries',
    en: 'Messages to ministry contacts',
  },
  'contact-administration': {
    nl: 'Beheer van contactpersonen van ministeries',
    en: 'Administration of ministry contacts',
  },
  'contact-response': {
    nl: 'Reacties van contactpersonen via hun persoonlijke link',
    en: 'Responses of ministry contacts through their personal link',
  },
  'user-administration': { nl: 'Beheer van dashboardaccounts', en: 'Administration of dashboard accounts' },
  'user-sign-in': { nl: 'Inloggen op het dashboard', en: 'Signing in to the dashboard' },
  'concerned-person-registration': {
    nl: 'Vastleggen van betrokken personen bij een signaal',
    en: 'Recording the persons a signal concerns',
  },
  'concerned-person-access': {
    nl: 'Inzien van betrokken personen bij een signaal',
    en: 'Viewing the persons a signal concerns',
  },
  'processing-log-inspection': {
    nl: 'Inzien van het verwerkingenlogboek over een persoon',
    en: 'Looking up a person in the processing log',
  },
};
