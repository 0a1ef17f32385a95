import type { SignalStatus } from '../../shared/lifecycle';
import { labelsIn, ministryCaseLabels } from '../../shared/status-labels';
import { FOLLOW_UP_PROGRESS_LABELS } from '../../shared/recommendation-labels';

export type Language = 'nl' | 'en';

export function languageOf(query: unknown): Language {
  return query === 'en' ? 'en' : 'nl';
}

/** Every word of the response pages, Dutch first. */
export const TEXTS = {
  nl: {
    desk: 'Landelijk loket Bestuurlijke Signalen',
    skip: 'Direct naar de inhoud',
    switchLabel: 'English',
    switchLang: 'en' as Language,
    title: (ref: string) => `Bestuurlijk signaal ${ref}`,
    intro: (ministry: string) =>
      `Het Landelijk loket Bestuurlijke Signalen (LIEC) heeft dit signaal aangeboden aan ${ministry}. Op deze persoonlijke pagina bevestigt u de ontvangst, vraagt u zo nodig om uitstel of opschorting en verstuurt u de reactie van uw ministerie.`,
    personal:
      'Deze pagina is persoonlijk. Stuur de link niet door; vraag het loket om een nieuwe link als een collega het overneemt.',
    summary: 'Stand van zaken',
    reference: 'Kenmerk',
    ministry: 'Ministerie',
    state: 'Stand',
    ackDue: 'Ontvangst bevestigen vóór',
    replyDue: 'Reageren vóór',
    acknowledgedAt: 'Ontvangst bevestigd op',
    pendingExtension: 'Uitstel gevraagd tot',
    notSet: 'nog niet bepaald',
    ackHeading: '1. Ontvangst bevestigen',
    ackExplain: 'Bevestig dat uw ministerie het signaal heeft ontvangen. Dit verandert verder niets.',
    ackButton: 'Ontvangst bevestigen',
    ackDone: (at: string) => `U heeft de ontvangst bevestigd op ${at}.`,
    extHeading: '2. Uitstel vragen',
    extExplain:
      'Heeft uw ministerie meer tijd nodig voor de reactie? Vraag dan om uitstel. Het loket beslist en laat u dat per e-mail weten.',
    extDate: 'Gewenste nieuwe datum voor de reactie',
    extDateHint: 'Een datum na de huidige termijn, bijvoorbeeld 31-12-2026.',
    extReason: 'Reden voor het uitstel',
    extReasonHint: 'Kort en zonder persoonsgegevens; maximaal 1000 tekens.',
    extButton: 'Uitstel vragen',
    extPending: (date: string) => `Uw verzoek om uitstel tot ${date} is in behandeling.`,
    suspHeading: '3. Opschorting vragen',
    suspExplain:
      'Wacht uw ministerie op iets waar het zelf geen invloed op heeft, zoals een advies of gegevens van een andere organisatie? Vraag dan om de reactietermijn op te schorten. Een opgeschorte termijn staat stil; als hij weer loopt, schuift de uiterste datum op met de werkdagen dat hij stilstond. Het loket beslist en laat u dat per e-mail weten.',
    suspReason: 'Waarop wacht uw ministerie?',
    suspReasonHint: 'Kort en zonder persoonsgegevens; maximaal 1000 tekens.',
    suspButton: 'Opschorting vragen',
    suspPending: (date: string) => `Uw verzoek om opschorting van ${date} is in behandeling.`,
    suspended: (date: string) =>
      `De reactietermijn is opgeschort sinds ${date}. Wij laten u per e-mail weten wanneer hij weer loopt.`,
    replySuspendedSince: 'Reactietermijn opgeschort sinds',
    ackSuspendedSince: 'Termijn voor de ontvangstbevestiging opgeschort sinds',
    followUpHeading: '6. Opvolging',
    followUpExplain: (due: string) =>
      `Uw ministerie heeft aanbevelingen van dit signaal (deels) overgenomen. Meld vóór ${due} hoe het met de uitvoering staat.`,
    followUpDone: (at: string) => `De voortgang is gemeld op ${at}. Dank u.`,
    followUpProgress: 'Stand van de uitvoering',
    followUpProgressLabels: labelsIn('nl', FOLLOW_UP_PROGRESS_LABELS),
    followUpNote: 'Toelichting',
    followUpNoteHint: 'Kort en zonder persoonsgegevens; maximaal 1000 tekens.',
    followUpButton: 'Voortgang melden',
    followUpOkTitle: 'Voortgang ontvangen',
    followUpOk: 'Dank u. De voortgang is ontvangen; het loket zorgt voor de verdere afhandeling.',
    recHeading: '5. Aanbevelingen',
    recExplain:
      'Geef per aanbeveling aan wat uw ministerie ermee doet. Het loket bevestigt uw voorstel; pas dan is het vastgelegd.',
    recRecorded: (label: string) => `Vastgelegd door het loket: ${label}.`,
    recProposed: (label: string, at: string) =>
      `Uw voorstel van ${at}: ${label}. Het wacht op bevestiging door het loket.`,
    recOutcome: 'Uitkomst',
    recReason: 'Toelichting',
    recReasonHint:
      'Verplicht bij "niet overgenomen": waarom neemt uw ministerie de aanbeveling niet over? Maximaal 1000 tekens.',
    recButton: 'Voorstel versturen',
    recOkTitle: 'Voorstel ontvangen',
    recOk: 'Dank u. Uw voorstel is ontvangen; het loket bevestigt het of neemt contact met u op.',
    recUnknownTitle: 'Aanbeveling niet gevonden',
    recUnknown:
      'Deze aanbeveling hoort niet bij dit signaal. Open de pagina opnieuw en kies een aanbeveling uit de lijst.',
    afterReply: (at: string) =>
      `De reactie van uw ministerie is ontvangen op ${at}. Hieronder geeft u aan wat uw ministerie met de aanbevelingen doet.`,
    replyHeading: '4. Reactie versturen',
    replyExplain:
      'Verstuur de reactie van uw ministerie: een tekst, één of meer documenten, of beide. Daarna geeft u hier nog aan wat uw ministerie met de aanbevelingen doet.',
    replyText: 'Reactie (tekst)',
    replyTextHint: 'Maximaal 20.000 tekens.',
    replyFiles: 'Documenten',
    replyFilesHint: (max: number, size: string) =>
      `Maximaal ${max} bestanden van elk hoogstens ${size}: PDF, Word (.docx), OpenDocument (.odt) of platte tekst (.txt).`,
    replyButton: 'Reactie versturen',
    status: ministryCaseLabels('nl', 'contact'),
    signalStatus: {
      closed: 'Het signaal is afgesloten.',
      withdrawn: 'Het signaal is ingetrokken.',
      rejected: 'Het signaal is niet aangenomen.',
    } as Partial<Record<SignalStatus, string>>,
    back: 'Terug naar de pagina van dit signaal',
    deskContact: 'Het loket is bereikbaar via',
    // Results and errors
    ackOkTitle: 'Ontvangst bevestigd',
    ackOk: (at: string) => `Dank u. De ontvangst is bevestigd op ${at}.`,
    ackAlreadyTitle: 'Al bevestigd',
    ackAlready: (at: string) => `De ontvangst was al bevestigd op ${at}. Er is niets veranderd.`,
    extOkTitle: 'Uitstel gevraagd',
    extOk: (date: string) =>
      `Uw verzoek om uitstel tot ${date} is ontvangen. Het loket beslist en laat u dat per e-mail weten.`,
    suspOkTitle: 'Opschorting gevraagd',
    suspOk:
      'Uw verzoek om de reactietermijn op te schorten is ontvangen. Het loket beslist en laat u dat per e-mail weten.',
    replyOkTitle: 'Reactie ontvangen',
    replyOk: (count: number) =>
      `Dank u. De reactie van uw ministerie is ontvangen${count > 0 ? ` (met ${count} ${count === 1 ? 'document' : 'documenten'})` : ''}. Het loket zorgt voor de verdere afhandeling.`,
    refusedTitle: 'Niet uitgevoerd',
    refused: 'Het signaalloket heeft deze actie niet uitgevoerd. De reden:',
    invalidTitle: 'Controleer uw invoer',
    unknownTitle: 'Link niet gevonden',
    unknown:
      'Deze link is onbekend of onvolledig. Controleer of u de hele link uit de e-mail heeft gebruikt. Werkt het niet, vraag het loket dan om een nieuwe link.',
    goneTitle: 'Link niet meer geldig',
    expired: 'Deze link is verlopen. Vraag het loket om een nieuwe link.',
    revoked:
      'Deze link is ingetrokken, bijvoorbeeld omdat er een nieuwe is verstuurd. Gebruik de nieuwste e-mail of vraag het loket om een nieuwe link.',
    finishedTitle: 'Afgerond',
    finishedReplied: (at: string) =>
      `De reactie van uw ministerie is ontvangen op ${at}. Via deze link is niets meer te doen.`,
    finished: 'Voor dit signaal is via deze link niets meer te doen.',
    csrfTitle: 'Formulier verlopen',
    csrf: 'Het formulier kon niet worden gecontroleerd (bijvoorbeeld omdat cookies uit staan of de pagina lang open stond). Open de pagina opnieuw en probeer het nog eens. Er is niets veranderd.',
    tooLargeTitle: 'Bestand te groot',
    tooLarge: (size: string) =>
      `Een document is groter dan ${size}. Er is niets verstuurd. Verklein het document of verdeel het over meerdere bestanden.`,
    tooManyTitle: 'Te veel bestanden',
    tooMany: (max: number) => `U kunt hoogstens ${max} documenten tegelijk versturen. Er is niets verstuurd.`,
    wrongTypeTitle: 'Bestandstype niet toegestaan',
    wrongType: (name: string) =>
      `Het document "${name}" is geen PDF, Word (.docx), OpenDocument (.odt) of platte tekst. Er is niets verstuurd.`,
    unavailableTitle: 'Tijdelijk niet beschikbaar',
    unavailable:
      'Het signaalloket kon uw actie nu niet bevestigen. Open de pagina over enkele minuten opnieuw: daar ziet u of de actie is verwerkt, en anders kunt u het opnieuw proberen.',
    rateTitle: 'Te veel verzoeken',
    rate: 'U heeft in korte tijd te veel verzoeken gedaan. Wacht enkele minuten en probeer het opnieuw.',
    errors: {
      dueDate: 'Vul een geldige datum in, in de toekomst.',
      reason: 'Vul een reden in (hoogstens 1000 tekens).',
      replyEmpty: 'Vul een reactie in of voeg ten minste één document toe.',
      replyText: 'De reactie is langer dan 20.000 tekens.',
      outcome: 'Kies een uitkomst.',
      outcomeReason: 'Geef bij "niet overgenomen" een reden op (hoogstens 1000 tekens).',
      progress: 'Kies uitgevoerd, in uitvoering of afgezien.',
      progressNote: 'Vul een korte toelichting in (hoogstens 1000 tekens).',
    },
  },
  en: {
    desk: 'National Desk for Administrative Signals',
    skip: 'Skip to content',
    switchLabel: 'Nederlands',
    switchLang: 'nl' as Language,
    title: (ref: string) => `Administrative signal ${ref}`,
    intro: (ministry: string) =>
      `The National Desk for Administrative Signals (LIEC) has offered this signal to ${ministry}. On this personal page you acknowledge receipt, ask for more time or a suspension if needed, and send your ministry's reply.`,
    personal:
      'This page is personal. Do not forward the link; ask the desk for a new link if a colleague takes over.',
    summary: 'Current status',
    reference: 'Reference',
    ministry: 'Ministry',
    state: 'Status',
    ackDue: 'Acknowledge receipt by',
    replyDue: 'Reply by',
    acknowledgedAt: 'Receipt acknowledged on',
    pendingExtension: 'Extension requested until',
    notSet: 'not set yet',
    ackHeading: '1. Acknowledge receipt',
    ackExplain: 'Confirm that your ministry has received the signal. This changes nothing else.',
    ackButton: 'Acknowledge receipt',
    ackDone: (at: string) => `You acknowledged receipt on ${at}.`,
    extHeading: '2. Ask for more time',
    extExplain:
      'Does your ministry need more time for the reply? Ask for an extension. The desk decides and lets you know by e-mail.',
    extDate: 'Requested new reply date',
    extDateHint: 'A date after the current deadline, for example 31-12-2026.',
    extReason: 'Reason for the extension',
    extReasonHint: 'Brief and without personal data; at most 1000 characters.',
    extButton: 'Ask for more time',
    extPending: (date: string) => `Your request for more time until ${date} is being considered.`,
    suspHeading: '3. Ask for a suspension',
    suspExplain:
      'Is your ministry waiting for something outside its control, such as advice or information from another organisation? Ask for the reply deadline to be suspended. A suspended deadline stands still; when it runs again, it moves by the working days it stood still. The desk decides and lets you know by e-mail.',
    suspReason: 'What is your ministry waiting for?',
    suspReasonHint: 'Brief and without personal data; at most 1000 characters.',
    suspButton: 'Ask for a suspension',
    suspPending: (date: string) => `Your request for a suspension of ${date} is being considered.`,
    suspended: (date: string) =>
      `The reply deadline has been suspended since ${date}. We will let you know by e-mail when it runs again.`,
    replySuspendedSince: 'Reply deadline suspended since',
    ackSuspendedSince: 'Acknowledgement deadline suspended since',
    followUpHeading: '6. Follow-up',
    followUpExplain: (due: string) =>
      `Your ministry has (partly) adopted recommendations of this signal. Please report before ${due} how their implementation is going.`,
    followUpDone: (at: string) => `The progress was reported on ${at}. Thank you.`,
    followUpProgress: 'State of implementation',
    followUpProgressLabels: labelsIn('en', FOLLOW_UP_PROGRESS_LABELS),
    followUpNote: 'Explanation',
    followUpNoteHint: 'Brief and without personal data; at most 1000 characters.',
    followUpButton: 'Report progress',
    followUpOkTitle: 'Progress received',
    followUpOk: 'Thank you. The progress has been received; the desk takes care of the rest.',
    recHeading: '5. Recommendations',
    recExplain:
      'Tell us for each recommendation what your ministry does with it. The desk confirms your proposal; only then is it recorded.',
    recRecorded: (label: string) => `Recorded by the desk: ${label}.`,
    recProposed: (label: string, at: string) =>
      `Your proposal of ${at}: ${label}. It awaits the desk's confirmation.`,
    recOutcome: 'Outcome',
    recReason: 'Explanation',
    recReasonHint:
      'Required for "not adopted": why does your ministry not take the recommendation up? At most 1000 characters.',
    recButton: 'Send proposal',
    recOkTitle: 'Proposal received',
    recOk: 'Thank you. Your proposal has been received; the desk confirms it or contacts you.',
    recUnknownTitle: 'Recommendation not found',
    recUnknown:
      'This recommendation does not belong to this signal. Open the page again and choose a recommendation from the list.',
    afterReply: (at: string) =>
      `Your ministry's reply was received on ${at}. Below you tell us what your ministry does with the recommendations.`,
    replyHeading: '4. Send the reply',
    replyExplain:
      "Send your ministry's reply: a text, one or more documents, or both. Afterwards you tell us here what your ministry does with the recommendations.",
    replyText: 'Reply (text)',
    replyTextHint: 'At most 20,000 characters.',
    replyFiles: 'Documents',
    replyFilesHint: (max: number, size: string) =>
      `At most ${max} files of up to ${size} each: PDF, Word (.docx), OpenDocument (.odt) or plain text (.txt).`,
    replyButton: 'Send the reply',
    status: ministryCaseLabels('en', 'contact'),
    signalStatus: {
      closed: 'The signal has been closed.',
      withdrawn: 'The signal has been withdrawn.',
      rejected: 'The signal was not accepted.',
    } as Partial<Record<SignalStatus, string>>,
    back: 'Back to the page of this signal',
    deskContact: 'You can reach the desk at',
    ackOkTitle: 'Receipt acknowledged',
    ackOk: (at: string) => `Thank you. Receipt was acknowledged on ${at}.`,
    ackAlreadyTitle: 'Already acknowledged',
    ackAlready: (at: string) => `Receipt had already been acknowledged on ${at}. Nothing has changed.`,
    extOkTitle: 'Extension requested',
    extOk: (date: string) =>
      `Your request for more time until ${date} has been received. The desk decides and lets you know by e-mail.`,
    suspOkTitle: 'Suspension requested',
    suspOk:
      'Your request to suspend the reply deadline has been received. The desk decides and lets you know by e-mail.',
    replyOkTitle: 'Reply received',
    replyOk: (count: number) =>
      `Thank you. Your ministry's reply has been received${count > 0 ? ` (with ${count} ${count === 1 ? 'document' : 'documents'})` : ''}. The desk takes care of what follows.`,
    refusedTitle: 'Not carried out',
    refused: 'The signaalloket did not carry out this action. The reason:',
    invalidTitle: 'Please check your input',
    unknownTitle: 'Link not found',
    unknown:
      'This link is unknown or incomplete. Check that you used the whole link from the e-mail. If it still does not work, ask the desk for a new link.',
    goneTitle: 'Link no longer valid',
    expired: 'This link has expired. Ask the desk for a new link.',
    revoked:
      'This link has been revoked, for example because a new one was sent. Use the most recent e-mail or ask the desk for a new link.',
    finishedTitle: 'Completed',
    finishedReplied: (at: string) =>
      `Your ministry's reply was received on ${at}. Nothing more can be done through this link.`,
    finished: 'Nothing more can be done for this signal through this link.',
    csrfTitle: 'Form expired',
    csrf: 'The form could not be verified (for example because cookies are off or the page was open for a long time). Open the page again and retry. Nothing has changed.',
    tooLargeTitle: 'File too large',
    tooLarge: (size: string) =>
      `A document is larger than ${size}. Nothing was sent. Make the document smaller or split it into several files.`,
    tooManyTitle: 'Too many files',
    tooMany: (max: number) => `You can send at most ${max} documents at once. Nothing was sent.`,
    wrongTypeTitle: 'File type not allowed',
    wrongType: (name: string) =>
      `The document "${name}" is not a PDF, Word (.docx), OpenDocument (.odt) or plain text file. Nothing was sent.`,
    unavailableTitle: 'Temporarily unavailable',
    unavailable:
      'The signaalloket could not confirm your action just now. Open the page again in a few minutes: it shows whether the action was processed, and otherwise you can try again.',
    rateTitle: 'Too many requests',
    rate: 'You made too many requests in a short time. Wait a few minutes and try again.',
    errors: {
      dueDate: 'Enter a valid date in the future.',
      reason: 'Enter a reason (at most 1000 characters).',
      replyEmpty: 'Enter a reply or add at least one document.',
      replyText: 'The reply is longer than 20,000 characters.',
      outcome: 'Choose an outcome.',
      outcomeReason: 'Give a reason for "not adopted" (at most 1000 characters).',
      progress: 'Choose implemented, in progress or dropped.',
      progressNote: 'Enter a short explanation (at most 1000 characters).',
    },
  },
};

export type Texts = (typeof TEXTS)[Language];

export function sizeLabel(bytes: number): string {
  const mb = 1024 * 1024;
  return bytes >= mb ? `${Math.floor(bytes / mb)} MB` : `${Math.max(1, Math.floor(bytes / 1024))} kB`;
}
