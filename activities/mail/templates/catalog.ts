import type { Audience, NotificationData, NotificationTemplate } from '../../../shared/notifications';
import { formatDeadline, type Language } from '../../../shared/response-links/format';
import type { MailContent } from './layout';

export interface MinistryNames {
  code: string;
  name: string;
  nameEn: string;
}

/** The link a mail carries, chosen per recipient by the mail side. */
export type MailLink =
  | { kind: 'response'; url: string; validDaysAfterEnd: number }
  | { kind: 'dashboard'; url: string }
  | { kind: 'api'; url: string }
  | { kind: 'none' };

/**
 * What a template may use. Deliberately narrow: the reference, ministry names, dates, a decision and a link. No
 * title, summary, content, recommendations, free-text reasons or names of people ever reach a mailbox.
 */
export interface TemplateContext {
  reference: string;
  /** Who reads this copy: some templates go to several audiences and address each in its own way. */
  audience: Audience;
  /** The ministry case's deadlines as the read model has them (absent when it has no row yet). */
  caseDeadlines?: { ackDueAt: Date | null; replyDueAt: Date | null };
  ministry?: MinistryNames;
  ministries: MinistryNames[];
  data: NotificationData;
  link: MailLink;
}

type Words = { nl: string; en: string };
type Body = { subject: Words; nl: string[]; en: string[] };

function both(
  ctx: TemplateContext,
  make: (language: Language, t: Helpers) => string[],
): { nl: string[]; en: string[] } {
  return { nl: make('nl', helpers(ctx, 'nl')), en: make('en', helpers(ctx, 'en')) };
}

interface Helpers {
  ref: string;
  /** The due date of this mail, or a neutral phrase when the workflow passed none. */
  due: string;
  previousDue: string;
  ministry: string;
  ministries: string;
  level: string;
}

function helpers(ctx: TemplateContext, language: Language): Helpers {
  const nameOf = (m: MinistryNames): string => (language === 'nl' ? m.name : m.nameEn);
  const unknownDate = language === 'nl' ? 'de geldende termijn' : 'the applicable deadline';
  const list = ctx.ministries.map(nameOf);
  const joined =
    list.length <= 1
      ? (list[0] ?? '')
      : `${list.slice(0, -1).join(', ')} ${language === 'nl' ? 'en' : 'and'} ${list.at(-1)}`;
  return {
    ref: ctx.reference,
    due: ctx.data.dueAt ? formatDeadline(ctx.data.dueAt, language) : unknownDate,
    previousDue: ctx.data.previousDueAt ? formatDeadline(ctx.data.previousDueAt, language) : unknownDate,
    ministry: ctx.ministry ? nameOf(ctx.ministry) : language === 'nl' ? 'het ministerie' : 'the ministry',
    ministries: joined || (language === 'nl' ? 'de betrokken ministeries' : 'the ministries concerned'),
    level: String(ctx.data.escalationLevel ?? 1),
  };
}

/** The clock a suspension mail is about, as its reader knows it ("De reactietermijn van …"). */
function clockWords(ctx: TemplateContext, language: Language, t: Helpers): string {
  const nl = language === 'nl';
  switch (ctx.data.clock) {
    case 'review':
      return nl ? 'De beoordelingstermijn van het loket' : "The desk's review period";
    case 'amendment':
      return nl ? 'De termijn voor uw aanpassing' : 'The period for your amendment';
    case 'acknowledgement':
      return nl
        ? `De termijn voor de ontvangstbevestiging van ${t.ministry}`
        : `The deadline for ${t.ministry} to acknowledge receipt`;
    default:
      return nl ? `De reactietermijn van ${t.ministry}` : `The reply deadline of ${t.ministry}`;
  }
}

const DETAILS_ELSEWHERE = {
  nl: 'De toelichting staat in het signaalloket; om veiligheidsredenen zetten wij die niet in e-mail.',
  en: 'The explanation is available in the signaalloket; for security reasons we do not put it in e-mail.',
};

const catalog: Record<NotificationTemplate, (ctx: TemplateContext) => Body> = {
  submission_received: (ctx) =>
    ctx.audience === 'submitter'
      ? {
          subject: { nl: 'Signaal ontvangen', en: 'Signal received' },
          ...both(ctx, (l, t) =>
            l === 'nl'
              ? [
                  `Wij hebben uw bestuurlijk signaal ontvangen onder kenmerk ${t.ref}.`,
                  `Het loket beoordeelt het signaal; u hoort uiterlijk ${t.due} van ons.`,
                ]
              : [
                  `We have received your administrative signal under reference ${t.ref}.`,
                  `The desk will review it; you will hear from us by ${t.due} at the latest.`,
                ],
          ),
        }
      : {
          subject: { nl: 'Nieuw signaal ingediend', en: 'New signal submitted' },
          ...both(ctx, (l, t) =>
            l === 'nl'
              ? [
                  `Er is een nieuw bestuurlijk signaal ingediend: ${t.ref}.`,
                  `De beoordelingstermijn loopt af op ${t.due}.`,
                ]
              : [
                  `A new administrative signal has been submitted: ${t.ref}.`,
                  `The review period ends on ${t.due}.`,
                ],
          ),
        },
  review_reminder: (ctx) => ({
    subject: { nl: 'Herinnering: beoordeling', en: 'Reminder: review' },
    ...both(ctx, (l, t) =>
      l === 'nl'
        ? [
            `Signaal ${t.ref} wacht op beoordeling door het loket.`,
            `De beoordelingstermijn loopt af op ${t.due}.`,
          ]
        : [`Signal ${t.ref} is waiting for review by the desk.`, `The review period ends on ${t.due}.`],
    ),
  }),
  review_escalation: (ctx) => ({
    subject: { nl: 'Beoordelingstermijn verstreken', en: 'Review period expired' },
    ...both(ctx, (l, t) =>
      l === 'nl'
        ? [
            `De beoordelingstermijn van signaal ${t.ref} is verstreken (termijn: ${t.due}).`,
            'Het signaal is nog niet beoordeeld.',
          ]
        : [
            `The review period of signal ${t.ref} has expired (deadline: ${t.due}).`,
            'The signal has not been reviewed yet.',
          ],
    ),
  }),
  changes_requested: (ctx) => ({
    subject: { nl: 'Aanpassing gevraagd', en: 'Changes requested' },
    ...both(ctx, (l, t) =>
      l === 'nl'
        ? [`Het loket vraagt u signaal ${t.ref} aan te passen, uiterlijk ${t.due}.`, DETAILS_ELSEWHERE.nl]
        : [`The desk asks you to amend signal ${t.ref} by ${t.due}.`, DETAILS_ELSEWHERE.en],
    ),
  }),
  amendment_received: (ctx) => ({
    subject: { nl: 'Aanpassing ontvangen', en: 'Amendment received' },
    ...both(ctx, (l, t) =>
      l === 'nl'
        ? [
            `De indiener heeft signaal ${t.ref} aangepast. Het staat klaar voor beoordeling (termijn: ${t.due}).`,
          ]
        : [`The submitter has amended signal ${t.ref}. It is ready for review (deadline: ${t.due}).`],
    ),
  }),
  amendment_reminder: (ctx) => ({
    subject: { nl: 'Herinnering: aanpassing', en: 'Reminder: amendment' },
    ...both(ctx, (l, t) =>
      l === 'nl'
        ? [`Het loket wacht op uw aanpassing van signaal ${t.ref}.`, `De termijn loopt af op ${t.due}.`]
        : [`The desk is waiting for your amendment of signal ${t.ref}.`, `The period ends on ${t.due}.`],
    ),
  }),
  amendment_escalation: (ctx) => ({
    subject: { nl: 'Aanpassingstermijn verstreken', en: 'Amendment period expired' },
    ...both(ctx, (l, t) =>
      l === 'nl'
        ? [`De indiener heeft signaal ${t.ref} niet aangepast binnen de termijn (${t.due}).`]
        : [`The submitter did not amend signal ${t.ref} within the period (${t.due}).`],
    ),
  }),
  signal_rejected: (ctx) => ({
    subject: { nl: 'Signaal niet aangenomen', en: 'Signal not accepted' },
    ...both(ctx, (l, t) =>
      l === 'nl'
        ? [`Het loket heeft signaal ${t.ref} niet aangenomen.`, DETAILS_ELSEWHERE.nl]
        : [`The desk has not accepted signal ${t.ref}.`, DETAILS_ELSEWHERE.en],
    ),
  }),
  signal_withdrawn: (ctx) => ({
    subject: { nl: 'Signaal ingetrokken', en: 'Signal withdrawn' },
    ...both(ctx, (l, t) =>
      l === 'nl'
        ? [`Signaal ${t.ref} is ingetrokken. Er is geen actie meer nodig.`]
        : [`Signal ${t.ref} has been withdrawn. No further action is needed.`],
    ),
  }),
  signal_sent: (ctx) => ({
    subject: { nl: 'Signaal aangeboden', en: 'Signal offered' },
    ...both(ctx, (l, t) =>
      l === 'nl'
        ? [
            `Signaal ${t.ref} is aangeboden aan: ${t.ministries}.`,
            'Wij laten u weten wanneer er een reactie is.',
          ]
        : [
            `Signal ${t.ref} has been offered to: ${t.ministries}.`,
            'We will let you know when a reply arrives.',
          ],
    ),
  }),
  ministry_request: (ctx) => ({
    subject: { nl: 'Verzoek om reactie', en: 'Request for a response' },
    // data.dueAt is the reply deadline; the acknowledgement deadline comes from the case when it is known.
    ...both(ctx, (l, t) => {
      const ack = ctx.caseDeadlines?.ackDueAt ? formatDeadline(ctx.caseDeadlines.ackDueAt, l) : null;
      return l === 'nl'
        ? [
            `Het Landelijk loket Bestuurlijke Signalen biedt ${t.ministry} het bestuurlijk signaal ${t.ref} aan.`,
            `Wilt u via de persoonlijke link hieronder de ontvangst bevestigen${ack ? `, uiterlijk ${ack}` : ''}? De reactie van uw ministerie zien wij graag uiterlijk ${t.due} tegemoet. Op dezelfde pagina kunt u om uitstel vragen en de reactie versturen.`,
          ]
        : [
            `The National Desk for Administrative Signals offers ${t.ministry} the administrative signal ${t.ref}.`,
            `Please acknowledge receipt through the personal link below${ack ? ` by ${ack}` : ''}. We look forward to your ministry's reply by ${t.due}. On the same page you can ask for more time and send the reply.`,
          ];
    }),
  }),
  ministry_withdrawn: (ctx) => ({
    subject: { nl: 'Signaal ingetrokken', en: 'Signal withdrawn' },
    ...both(ctx, (l, t) =>
      l === 'nl'
        ? [
            `Signaal ${t.ref} is ingetrokken. ${t.ministry} hoeft niet meer te reageren; de persoonlijke links werken niet meer.`,
          ]
        : [
            `Signal ${t.ref} has been withdrawn. ${t.ministry} need not reply any more; the personal links no longer work.`,
          ],
    ),
  }),
  ack_reminder: (ctx) => ({
    subject: { nl: 'Herinnering: ontvangst bevestigen', en: 'Reminder: acknowledge receipt' },
    ...both(ctx, (l, t) =>
      l === 'nl'
        ? [`Wilt u de ontvangst van signaal ${t.ref} bevestigen? De termijn loopt af op ${t.due}.`]
        : [`Please acknowledge receipt of signal ${t.ref}. The deadline is ${t.due}.`],
    ),
  }),
  ack_escalation: (ctx) => ({
    subject: { nl: 'Ontvangst niet bevestigd', en: 'Receipt not acknowledged' },
    ...both(ctx, (l, t) =>
      l === 'nl'
        ? [
            `${t.ministry} heeft de ontvangst van signaal ${t.ref} niet bevestigd binnen de termijn (${t.due}).`,
            `Dit is escalatie ${t.level}.`,
          ]
        : [
            `${t.ministry} has not acknowledged receipt of signal ${t.ref} within the deadline (${t.due}).`,
            `This is escalation ${t.level}.`,
          ],
    ),
  }),
  reply_reminder: (ctx) => ({
    subject: { nl: 'Herinnering: reactie', en: 'Reminder: reply' },
    ...both(ctx, (l, t) =>
      l === 'nl'
        ? [
            `De termijn voor de reactie van ${t.ministry} op signaal ${t.ref} loopt af op ${t.due}.`,
            'Heeft u meer tijd nodig, vraag dan via de link om uitstel.',
          ]
        : [
            `The deadline for the reply of ${t.ministry} to signal ${t.ref} is ${t.due}.`,
            'If you need more time, ask for an extension through the link.',
          ],
    ),
  }),
  reply_escalation: (ctx) => ({
    subject: { nl: 'Reactietermijn verstreken', en: 'Reply deadline passed' },
    ...both(ctx, (l, t) =>
      l === 'nl'
        ? [
            `${t.ministry} heeft niet gereageerd op signaal ${t.ref} binnen de termijn (${t.due}).`,
            `Dit is escalatie ${t.level}.`,
          ]
        : [
            `${t.ministry} has not replied to signal ${t.ref} within the deadline (${t.due}).`,
            `This is escalation ${t.level}.`,
          ],
    ),
  }),
  extension_requested: (ctx) => ({
    subject: { nl: 'Uitstel gevraagd', en: 'Extension requested' },
    ...both(ctx, (l, t) =>
      l === 'nl'
        ? [
            `${t.ministry} vraagt uitstel voor de reactie op signaal ${t.ref}, tot ${t.due}.`,
            'Een coördinator beslist over het verzoek; de reden staat in het signaalloket.',
          ]
        : [
            `${t.ministry} asks for more time to reply to signal ${t.ref}, until ${t.due}.`,
            'A coordinator decides on the request; the reason is in the signaalloket.',
          ],
    ),
  }),
  extension_decided: (ctx) => ({
    subject:
      ctx.data.decision === 'refuse'
        ? { nl: 'Uitstel niet toegekend', en: 'Extension refused' }
        : { nl: 'Uitstel toegekend', en: 'Extension granted' },
    ...both(ctx, (l, t) =>
      ctx.data.decision === 'refuse'
        ? l === 'nl'
          ? [
              `Het verzoek om uitstel voor signaal ${t.ref} is niet toegekend.`,
              `De reactietermijn blijft ${t.due}.`,
            ]
          : [
              `The request for more time for signal ${t.ref} was refused.`,
              `The reply deadline remains ${t.due}.`,
            ]
        : l === 'nl'
          ? [
              `Het verzoek om uitstel voor signaal ${t.ref} is toegekend.`,
              `De nieuwe reactietermijn is ${t.due}.`,
            ]
          : [
              `The request for more time for signal ${t.ref} was granted.`,
              `The new reply deadline is ${t.due}.`,
            ],
    ),
  }),
  deadline_extended: (ctx) => ({
    subject: { nl: 'Reactietermijn verplaatst', en: 'Reply deadline moved' },
    ...both(ctx, (l, t) =>
      l === 'nl'
        ? [
            `De reactietermijn van ${t.ministry} voor signaal ${t.ref} is verplaatst van ${t.previousDue} naar ${t.due}.`,
          ]
        : [
            `The reply deadline of ${t.ministry} for signal ${t.ref} has moved from ${t.previousDue} to ${t.due}.`,
          ],
    ),
  }),
  reply_received: (ctx) => ({
    subject: { nl: 'Reactie ontvangen', en: 'Reply received' },
    ...both(ctx, (l, t) => {
      const from = ctx.data.ministryCodes && ctx.data.ministryCodes.length > 1 ? t.ministries : t.ministry;
      const post = ctx.data.channel === 'post';
      return l === 'nl'
        ? [
            `De reactie van ${from} op signaal ${t.ref} is ontvangen${post ? ' (per post)' : ''}.`,
            'Het loket zorgt voor de verdere afhandeling.',
          ]
        : [
            `The reply of ${from} to signal ${t.ref} has been received${post ? ' (by post)' : ''}.`,
            'The desk takes care of what follows.',
          ];
    }),
  }),
  // To every current submitter: that a reply is there for them, never what it says or who wrote it.
  reply_forwarded: (ctx) => ({
    subject: { nl: 'Reactie doorgestuurd', en: 'Reply forwarded' },
    ...both(ctx, (l, t) =>
      l === 'nl'
        ? [
            `Het loket heeft een reactie op signaal ${t.ref} aan u doorgestuurd.`,
            'U vindt de reactie en de bijbehorende documenten in het signaalloket; om veiligheidsredenen zetten wij die niet in e-mail.',
          ]
        : [
            `The desk has forwarded a reply to signal ${t.ref} to you.`,
            'The reply and its documents are available in the signaalloket; for security reasons we do not put them in e-mail.',
          ],
    ),
  }),
  clock_suspended: (ctx) => ({
    subject: { nl: 'Termijn opgeschort', en: 'Deadline suspended' },
    ...both(ctx, (l, t) =>
      l === 'nl'
        ? [
            `${clockWords(ctx, l, t)} voor signaal ${t.ref} is opgeschort: de termijn staat stil en er gaan geen herinneringen uit.`,
            `Wij laten u weten wanneer de termijn weer loopt; de uiterste datum (nu ${t.due}) schuift dan op met de werkdagen dat hij stilstond.`,
            DETAILS_ELSEWHERE.nl,
          ]
        : [
            `${clockWords(ctx, l, t)} for signal ${t.ref} has been suspended: the clock stands still and no reminders go out.`,
            `We will let you know when it runs again; the deadline (now ${t.due}) then moves by the working days it stood still.`,
            DETAILS_ELSEWHERE.en,
          ],
    ),
  }),
  clock_resumed: (ctx) => ({
    subject: { nl: 'Termijn loopt weer', en: 'Deadline running again' },
    ...both(ctx, (l, t) => {
      const days = ctx.data.workingDays ?? 0;
      return l === 'nl'
        ? [
            `${clockWords(ctx, l, t)} voor signaal ${t.ref} loopt weer.`,
            `De uiterste datum is opgeschoven van ${t.previousDue} naar ${t.due} (${days} ${days === 1 ? 'werkdag' : 'werkdagen'}).`,
          ]
        : [
            `${clockWords(ctx, l, t)} for signal ${t.ref} is running again.`,
            `The deadline has moved from ${t.previousDue} to ${t.due} (${days} working ${days === 1 ? 'day' : 'days'}).`,
          ];
    }),
  }),
  suspension_requested: (ctx) => ({
    subject: { nl: 'Opschorting gevraagd', en: 'Suspension requested' },
    ...both(ctx, (l, t) =>
      l === 'nl'
        ? [
            `${t.ministry} vraagt de reactietermijn voor signaal ${t.ref} op te schorten (termijn nu ${t.due}).`,
            'Een coördinator beslist over het verzoek; de reden staat in het signaalloket.',
          ]
        : [
            `${t.ministry} asks for the reply deadline of signal ${t.ref} to be suspended (now ${t.due}).`,
            'A coordinator decides on the request; the reason is in the signaalloket.',
          ],
    ),
  }),
  suspension_decided: (ctx) => ({
    subject:
      ctx.data.decision === 'refuse'
        ? { nl: 'Opschorting niet toegekend', en: 'Suspension refused' }
        : { nl: 'Opschorting toegekend', en: 'Suspension granted' },
    ...both(ctx, (l, t) =>
      ctx.data.decision === 'refuse'
        ? l === 'nl'
          ? [
              `Het verzoek om de reactietermijn voor signaal ${t.ref} op te schorten is niet toegekend.`,
              `De reactietermijn blijft ${t.due}.`,
            ]
          : [
              `The request to suspend the reply deadline of signal ${t.ref} was refused.`,
              `The reply deadline remains ${t.due}.`,
            ]
        : l === 'nl'
          ? [
              `Het verzoek om de reactietermijn voor signaal ${t.ref} op te schorten is toegekend: de termijn staat stil.`,
              'Wij laten u weten wanneer de termijn weer loopt; de uiterste datum schuift dan op met de werkdagen dat hij stilstond.',
            ]
          : [
              `The request to suspend the reply deadline of signal ${t.ref} was granted: the clock stands still.`,
              'We will let you know when it runs again; the deadline then moves by the working days it stood still.',
            ],
    ),
  }),
  outcome_proposed: (ctx) => ({
    subject: { nl: 'Uitkomst van een aanbeveling voorgesteld', en: 'Outcome of a recommendation proposed' },
    ...both(ctx, (l, t) =>
      l === 'nl'
        ? [
            `${t.ministry} stelt voor wat het ministerie met een aanbeveling van signaal ${t.ref} heeft gedaan.`,
            'Een coördinator bevestigt of wijzigt het voorstel; het staat in het signaalloket.',
          ]
        : [
            `${t.ministry} proposes what the ministry did with a recommendation of signal ${t.ref}.`,
            'A coordinator confirms or changes the proposal; it is in the signaalloket.',
          ],
    ),
  }),
  follow_up_request: (ctx) => ({
    subject: { nl: 'Opvolging: hoe staat het ermee?', en: 'Follow-up: how is it going?' },
    ...both(ctx, (l, t) =>
      l === 'nl'
        ? [
            `${t.ministry} heeft aanbevelingen van signaal ${t.ref} (deels) overgenomen. Wij vragen u te melden hoe het met de uitvoering staat.`,
            `Meld de voortgang vóór ${t.due} op uw persoonlijke pagina: uitgevoerd, in uitvoering of afgezien, met een korte toelichting.`,
          ]
        : [
            `${t.ministry} has (partly) adopted recommendations of signal ${t.ref}. Please tell us how their implementation is going.`,
            `Report the progress before ${t.due} on your personal page: implemented, in progress or dropped, with a short explanation.`,
          ],
    ),
  }),
  follow_up_reminder: (ctx) => ({
    subject: { nl: 'Herinnering: opvolging', en: 'Reminder: follow-up' },
    ...both(ctx, (l, t) =>
      l === 'nl'
        ? [
            `Wij hebben nog geen voortgang ontvangen van de overgenomen aanbevelingen van signaal ${t.ref}.`,
            `Meld de voortgang vóór ${t.due} op uw persoonlijke pagina.`,
          ]
        : [
            `We have not yet received the progress on the adopted recommendations of signal ${t.ref}.`,
            `Please report it before ${t.due} on your personal page.`,
          ],
    ),
  }),
  follow_up_escalation: (ctx) => ({
    subject: { nl: 'Opvolging uitgebleven', en: 'Follow-up overdue' },
    ...both(ctx, (l, t) =>
      l === 'nl'
        ? [
            `${t.ministry} heeft de voortgang van de overgenomen aanbevelingen van signaal ${t.ref} niet gemeld; de termijn liep af op ${t.due} (escalatie ${t.level}).`,
          ]
        : [
            `${t.ministry} has not reported the progress on the adopted recommendations of signal ${t.ref}; the deadline was ${t.due} (escalation ${t.level}).`,
          ],
    ),
  }),
  follow_up_reported: (ctx) => ({
    subject: { nl: 'Voortgang gemeld', en: 'Progress reported' },
    ...both(ctx, (l, t) =>
      l === 'nl'
        ? [`${t.ministry} heeft de voortgang van de overgenomen aanbevelingen van signaal ${t.ref} gemeld.`]
        : [`${t.ministry} has reported the progress on the adopted recommendations of signal ${t.ref}.`],
    ),
  }),
  signal_closed: (ctx) => ({
    subject: { nl: 'Signaal afgesloten', en: 'Signal closed' },
    ...both(ctx, (l, t) =>
      l === 'nl'
        ? [`Signaal ${t.ref} is afgesloten. Dank voor uw medewerking.`]
        : [`Signal ${t.ref} has been closed. Thank you for your cooperation.`],
    ),
  }),
};

/** Not a workflow notification: a new personal link sent on request (reissueResponseLink). */
function linkReissued(ctx: TemplateContext): Body {
  return {
    subject: { nl: 'Nieuwe persoonlijke link', en: 'New personal link' },
    ...both(ctx, (l, t) =>
      l === 'nl'
        ? [
            `U ontvangt een nieuwe persoonlijke link voor signaal ${t.ref} van ${t.ministry}. Eerdere links voor u werken niet meer.`,
          ]
        : [
            `You receive a new personal link for signal ${t.ref} for ${t.ministry}. Earlier links sent to you no longer work.`,
          ],
    ),
  };
}

export const LINK_REISSUED_TEMPLATE = 'response_link_reissued';
export type MailTemplate = NotificationTemplate | typeof LINK_REISSUED_TEMPLATE;

const LINK_LABELS: Record<Exclude<MailLink['kind'], 'none'>, Words> = {
  response: { nl: 'Open uw persoonlijke pagina', en: 'Open your personal page' },
  dashboard: { nl: 'Bekijk het signaal in het dashboard', en: 'View the signal in the dashboard' },
  api: { nl: 'Bekijk de stand van zaken (API)', en: 'View the current status (API)' },
};

export function composeMail(template: MailTemplate, ctx: TemplateContext): MailContent {
  const body = template === LINK_REISSUED_TEMPLATE ? linkReissued(ctx) : catalog[template](ctx);
  const content: MailContent = { subject: body.subject, nl: body.nl, en: body.en };
  if (ctx.link.kind !== 'none') content.link = { url: ctx.link.url, ...LINK_LABELS[ctx.link.kind] };
  if (ctx.link.kind === 'response') {
    const days = ctx.link.validDaysAfterEnd;
    content.linkNote = {
      nl: `Deze link is persoonlijk en blijft dezelfde in elke e-mail over dit signaal; hij werkt tot ${days} dagen nadat uw ministerie het signaal heeft afgerond. Stuur hem niet door; vraag het loket om een nieuwe link als een collega het overneemt.`,
      en: `This link is personal and stays the same in every e-mail about this signal; it works until ${days} days after your ministry has finished with the signal. Please do not forward it; ask the desk for a new link if a colleague takes over.`,
    };
  }
  return content;
}
