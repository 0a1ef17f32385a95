import type { ParsedMail } from 'mailparser';
import type { Transporter } from 'nodemailer';
import {
  createMailActivities,
  createOutboxDispatcher,
  createResponseLinkService,
  hashResponseToken,
  listResponseLinks,
  lookupResponseToken,
} from '../../activities/mail';
import { deriveResponseToken } from '../../shared/response-links/tokens';
import { NOTIFICATION_TEMPLATES, type Audience } from '../../shared/notifications';
import { TEST_RESPONSE_LINK_SECRET } from '../support/env';
import {
  contactNotice,
  mailsTo as mailsToIn,
  recipientsOf,
  REPLY_DUE_AT,
  responseLinkIn,
  responseTokenIn,
  SECRET_CONTENT,
  SECRET_TITLE,
  seedSignal,
  mailDependencies,
  useMailTestBed,
} from './fixtures';

const bed = useMailTestBed();

const fastRetry = { baseDelayMs: 100, maxDelayMs: 400, leaseMs: 5_000 };

const deps = () => mailDependencies(bed, { retry: fastRetry });

const mailsTo = (address: string, reference: string): ParsedMail[] => mailsToIn(bed.smtp, address, reference);

describe('notify', () => {
  it('mails a ministry request to each active contact: Dutch first, English below, a personal link, nothing sensitive', async () => {
    const signal = await seedSignal(bed.db.prisma, bed.world);
    await bed.db.prisma.ministryCase.create({
      data: {
        signalId: signal.id,
        ministryId: bed.world.ministries.JenV.id,
        workflowId: `case-${signal.id}-jenv`,
        sentAt: new Date(),
        ackDueAt: new Date('2026-11-26T23:00:00.000Z'), // the end of Thursday 26 November in Amsterdam
      },
    });
    const mail = createMailActivities(deps());
    await mail.notify(
      contactNotice(
        `signal-${signal.id}:sent:ministry_request:JenV`,
        signal.id,
        'JenV',
        'ministry_request',
        REPLY_DUE_AT,
      ),
    );
    const received = await bed.smtp.waitFor(
      (m) =>
        recipientsOf(m).includes(bed.world.ministries.JenV.contactEmail) &&
        !!m.subject?.includes(signal.reference),
    );
    expect(received.subject).toBe(`[${signal.reference}] Verzoek om reactie / Request for a response`);
    const text = received.text!;
    expect(text.indexOf('Het Landelijk loket')).toBeLessThan(text.indexOf('The National Desk'));
    expect(text).toContain('de ontvangst bevestigen, uiterlijk donderdag 26 november 2026?');
    expect(text).toContain(
      'reactie van uw ministerie zien wij graag uiterlijk vrijdag 4 december 2026 tegemoet',
    );
    expect(text).toContain(
      'Please acknowledge receipt through the personal link below by Thursday, 26 November 2026.',
    );
    expect(text).toContain("your ministry's reply by Friday, 4 December 2026");
    expect(received.html).toContain('<div lang="en">');
    for (const secret of [SECRET_TITLE, SECRET_CONTENT, 'Contact JenV']) {
      expect(text).not.toContain(secret);
      expect(received.html).not.toContain(secret);
    }
    expect(received.headers.get('auto-submitted')).toBe('auto-generated');

    // The token is 256 bits; the database knows only its SHA-256, and the outbox row only a placeholder.
    const link = responseLinkIn(text);
    const token = link.split('/respond/')[1]!;
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    const row = await bed.db.prisma.responseToken.findFirstOrThrow({ where: { signalId: signal.id } });
    expect(row.tokenHash).toBe(hashResponseToken(token));
    expect(row).toMatchObject({ ministryCode: 'JenV', contactId: bed.world.ministries.JenV.contactId });
    const outbox = await bed.db.prisma.mailOutbox.findFirstOrThrow({ where: { signalId: signal.id } });
    expect(outbox.status).toBe('sent');
    expect(JSON.stringify(outbox)).not.toContain(token);
    const dump = await bed.db.prisma.$queryRaw<Array<{ found: number }>>`
      SELECT count(*)::int AS found FROM "MailOutbox" WHERE "textBody" LIKE ${'%' + token + '%'} OR "htmlBody" LIKE ${'%' + token + '%'}`;
    expect(dump[0]!.found).toBe(0);
    await expect(lookupResponseToken(bed.db.prisma, token, new Date())).resolves.toMatchObject({
      kind: 'valid',
    });
    // Escalation contacts are another audience: they got nothing here.
    expect(mailsTo(bed.world.ministries.JenV.escalationEmail, signal.reference)).toHaveLength(0);
  });

  it('sends nothing twice when the activity is retried', async () => {
    const signal = await seedSignal(bed.db.prisma, bed.world);
    const mail = createMailActivities(deps());
    const input = {
      businessKey: `signal-${signal.id}:submitted`,
      signalId: signal.id,
      template: 'submission_received' as const,
      audiences: ['submitter', 'coordinators'] as Audience[],
      data: { dueAt: '2026-12-11T22:59:59.999Z' },
    };
    await mail.notify(input);
    await Promise.all([mail.notify(input), mail.notify(input), createMailActivities(deps()).notify(input)]);
    await bed.smtp.waitFor(
      (m) => recipientsOf(m).includes(bed.world.coordinatorEmail) && !!m.subject?.includes(signal.reference),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(mailsTo(bed.world.submitterEmail, signal.reference)).toHaveLength(1);
    expect(mailsTo(bed.world.coordinatorEmail, signal.reference)).toHaveLength(1);
    await expect(bed.db.prisma.mailOutbox.count({ where: { signalId: signal.id } })).resolves.toBe(2);
  });

  it('renders every template in Dutch and English with the reference, a link where one helps, and no content', async () => {
    const signal = await seedSignal(bed.db.prisma, bed.world);
    const mail = createMailActivities(deps());
    const audiences: Audience[] = [
      'submitter',
      'coordinators',
      'lead',
      'ministry_contact',
      'ministry_escalation',
    ];
    for (const template of NOTIFICATION_TEMPLATES) {
      await mail.notify({
        businessKey: `signal-${signal.id}:all:${template}`,
        signalId: signal.id,
        ministryCode: 'BZ',
        template,
        audiences,
        data: {
          dueAt: '2027-01-29T22:59:59.999Z',
          previousDueAt: '2026-12-31T22:59:59.999Z',
          escalationLevel: 2,
          ministryCodes: ['BZ', 'JenV'],
          reason: SECRET_CONTENT,
          decision: 'approve',
          channel: 'link',
        },
      });
    }
    const expected = NOTIFICATION_TEMPLATES.length * 5;
    await bed.smtp.waitFor(
      () => bed.smtp.messages.filter((m) => m.subject?.includes(signal.reference)).length >= expected,
    );
    const mails = bed.smtp.messages.filter((m) => m.subject?.includes(signal.reference));
    expect(mails).toHaveLength(expected);
    for (const m of mails) {
      expect(m.subject).toMatch(new RegExp(`^\\[${signal.reference}\\] [^/]+ / [^/]+$`));
      for (const secret of [SECRET_TITLE, SECRET_CONTENT, 'Contact BZ', 'Co Ordinator']) {
        expect(m.text).not.toContain(secret);
        expect(m.html).not.toContain(secret);
      }
      expect(m.text).toContain('English below');
      const toMinistry = /@(jenv|bz)\.example/.test(recipientsOf(m));
      if (!toMinistry) expect(m.text).toMatch(/https:\/\/signaalloket\.example\//);
    }
    const coordinatorMail = mails.find((m) => recipientsOf(m).includes(bed.world.coordinatorEmail))!;
    expect(coordinatorMail.text).toContain(`https://signaalloket.example/signals/${signal.id}`);
    const submitterMail = mails.find((m) => recipientsOf(m).includes(bed.world.submitterEmail))!;
    expect(submitterMail.subject).toBe(`[${signal.reference}] Signaal ontvangen / Signal received`);
    expect(coordinatorMail.subject).toBe(
      `[${signal.reference}] Nieuw signaal ingediend / New signal submitted`,
    );
    expect(submitterMail.text).toContain(`https://signaalloket.example/api/v1/signals/${signal.id}`);
    const escalation = mails.find(
      (m) =>
        m.subject?.includes('Reactietermijn verstreken') &&
        recipientsOf(m).includes(bed.world.ministries.BZ.escalationEmail),
    )!;
    expect(escalation.text).toContain('Dit is escalatie 2.');
    expect(responseLinkIn(escalation.text)).toContain('/respond/');
  }, 90_000);

  it('keeps mails while SMTP is down and delivers each once, in order, after it returns', async () => {
    const signal = await seedSignal(bed.db.prisma, bed.world);
    const mail = createMailActivities(deps());
    bed.smtp.setDown(true);
    const steps = ['ministry_request', 'ack_reminder', 'ack_escalation'] as const;
    try {
      for (const template of steps) {
        await mail.notify(
          contactNotice(`signal-${signal.id}:outage:${template}`, signal.id, 'JenV', template, REPLY_DUE_AT),
        );
      }
      const pending = await bed.db.prisma.mailOutbox.findMany({
        where: { signalId: signal.id },
        orderBy: { createdAt: 'asc' },
      });
      expect(pending.map((row) => row.status)).toEqual(['pending', 'pending', 'pending']);
      // The first was tried and refused (451); the later ones waited their turn behind it.
      expect(pending.map((row) => row.attempts)).toEqual([1, 0, 0]);
      expect(pending[0]!.lastError).toMatch(/451/);
      // One link for the contact and the case, which all three mails will carry; no mail holds it yet.
      const links = await listResponseLinks(bed.db.prisma, signal.id);
      expect(links.map((l) => l.state)).toEqual(['not_delivered']);
      expect(new Set(pending.map((row) => row.responseLinkId))).toEqual(new Set([links[0]!.id]));
      const token = deriveResponseToken(TEST_RESPONSE_LINK_SECRET, links[0]!.id);
      for (const row of pending) expect(JSON.stringify(row)).not.toContain(token);
      expect(mailsTo(bed.world.ministries.JenV.contactEmail, signal.reference)).toHaveLength(0);
      // A pass over rows that all wait their turn ends (and sends nothing out of order).
      await expect(createOutboxDispatcher(deps()).runOnce()).resolves.toBe(0);
    } finally {
      bed.smtp.setDown(false);
    }
    // Two dispatchers (two worker processes) race for the same rows.
    const dispatchers = [1, 2].map(() => createOutboxDispatcher({ ...deps(), pollIntervalMs: 50 }));
    dispatchers.forEach((d) => d.start());
    try {
      await bed.smtp.waitFor(
        () => mailsTo(bed.world.ministries.JenV.contactEmail, signal.reference).length >= 3,
      );
      await new Promise((resolve) => setTimeout(resolve, 500));
    } finally {
      await Promise.all(dispatchers.map((d) => d.stop()));
    }
    const delivered = mailsTo(bed.world.ministries.JenV.contactEmail, signal.reference);
    expect(delivered.map((m) => m.subject!.split('] ')[1])).toEqual([
      'Verzoek om reactie / Request for a response',
      'Herinnering: ontvangst bevestigen / Reminder: acknowledge receipt',
      'Ontvangst niet bevestigd / Receipt not acknowledged',
    ]);
    expect(new Set(delivered.map((m) => m.messageId)).size).toBe(3);
    const rows = await bed.db.prisma.mailOutbox.findMany({ where: { signalId: signal.id } });
    expect(rows.every((row) => row.status === 'sent')).toBe(true);
    // The request, its reminder and its escalation carry the same link, and it opens the case.
    const tokens = delivered.map((m) => responseTokenIn(m.text));
    expect(new Set(tokens).size).toBe(1);
    await expect(lookupResponseToken(bed.db.prisma, tokens[0]!, new Date())).resolves.toMatchObject({
      kind: 'valid',
      token: { signalId: signal.id, ministryCode: 'JenV', contactId: bed.world.ministries.JenV.contactId },
    });
    const links = await listResponseLinks(bed.db.prisma, signal.id);
    expect(links.map((l) => l.state)).toEqual(['active']);
    expect(await bed.db.prisma.responseToken.count({ where: { signalId: signal.id, revokedAt: null } })).toBe(
      1,
    );
  });

  it('reissues a link (old one revoked, new one mailed) and lists links without tokens', async () => {
    const signal = await seedSignal(bed.db.prisma, bed.world);
    await bed.db.prisma.ministryCase.create({
      data: {
        signalId: signal.id,
        ministryId: bed.world.ministries.BZ.id,
        workflowId: `case-${signal.id}-bz`,
        sentAt: new Date(),
      },
    });
    const mail = createMailActivities(deps());
    await mail.notify(
      contactNotice(`signal-${signal.id}:sent:ministry_request:BZ`, signal.id, 'BZ', 'ministry_request'),
    );
    const first = await bed.smtp.waitFor(
      (m) =>
        recipientsOf(m).includes(bed.world.ministries.BZ.contactEmail) &&
        !!m.subject?.includes(signal.reference),
    );
    const oldToken = responseTokenIn(first.text);

    const service = createResponseLinkService(deps());
    const request = {
      signalId: signal.id,
      ministryCode: 'BZ',
      contactId: bed.world.ministries.BZ.contactId,
      requestId: 'req-1',
    };
    await expect(service.reissueResponseLink(request)).resolves.toEqual({ revoked: 1 });
    await expect(service.reissueResponseLink(request)).resolves.toEqual({ revoked: 0 }); // a retry issues nothing new
    const second = await bed.smtp.waitFor(
      (m) => !!m.subject?.includes(`[${signal.reference}] Nieuwe persoonlijke link`),
    );
    const newToken = responseTokenIn(second.text);
    expect(newToken).not.toBe(oldToken);
    expect(mailsTo(bed.world.ministries.BZ.contactEmail, signal.reference)).toHaveLength(2);

    await expect(lookupResponseToken(bed.db.prisma, oldToken, new Date())).resolves.toMatchObject({
      kind: 'revoked',
    });
    await expect(lookupResponseToken(bed.db.prisma, newToken, new Date())).resolves.toMatchObject({
      kind: 'valid',
    });
    const links = await listResponseLinks(bed.db.prisma, signal.id);
    expect(links.map((l) => [l.state, l.contact.email])).toEqual([
      ['revoked', bed.world.ministries.BZ.contactEmail],
      ['active', bed.world.ministries.BZ.contactEmail],
    ]);
    // A later reminder carries the new link, not the revoked one, and makes no further link.
    await mail.notify(
      contactNotice(`signal-${signal.id}:ack:reminder:BZ`, signal.id, 'BZ', 'ack_reminder', REPLY_DUE_AT),
    );
    const reminder = await bed.smtp.waitFor(
      (m) => !!m.subject?.includes(`[${signal.reference}] Herinnering: ontvangst bevestigen`),
    );
    expect(responseTokenIn(reminder.text)).toBe(newToken);
    expect(await bed.db.prisma.responseToken.count({ where: { signalId: signal.id } })).toBe(2);

    const serialised = JSON.stringify(links);
    expect(serialised).not.toContain(oldToken);
    expect(serialised).not.toContain(hashResponseToken(newToken));
    expect(serialised).not.toMatch(/tokenHash/);

    await expect(
      service.reissueResponseLink({
        ...request,
        ministryCode: 'JenV',
        contactId: bed.world.ministries.JenV.contactId,
        requestId: 'x',
      }),
    ).rejects.toThrow(/not addressed/);
  });

  it('revokes the links of a ministry when the signal is withdrawn from it', async () => {
    const signal = await seedSignal(bed.db.prisma, bed.world);
    const mail = createMailActivities(deps());
    await mail.notify(contactNotice(`w-${signal.id}:request`, signal.id, 'JenV', 'ministry_request'));
    await mail.notify(contactNotice(`w-${signal.id}:withdrawn`, signal.id, 'JenV', 'ministry_withdrawn'));
    const withdrawn = await bed.smtp.waitFor(
      (m) => !!m.subject?.includes(`[${signal.reference}] Signaal ingetrokken`),
    );
    expect(withdrawn.text).not.toContain('/respond/');
    const links = await listResponseLinks(bed.db.prisma, signal.id);
    expect(links.map((l) => l.state)).toEqual(['revoked']);
  });

  it('gives up on a permanent refusal without blocking later mails to others', async () => {
    const signal = await seedSignal(bed.db.prisma, bed.world);
    const refusing = {
      sendMail: () =>
        Promise.reject(Object.assign(new Error('550 mailbox unavailable'), { responseCode: 550 })),
    } as unknown as Transporter;
    const mail = createMailActivities({ ...deps(), transport: refusing });
    await mail.notify({
      businessKey: `p-${signal.id}`,
      signalId: signal.id,
      template: 'signal_sent',
      audiences: ['submitter'],
      data: { ministryCodes: ['BZ'] },
    });
    const row = await bed.db.prisma.mailOutbox.findFirstOrThrow({ where: { signalId: signal.id } });
    expect(row).toMatchObject({ status: 'failed', attempts: 1 });
    expect(row.lastError).toMatch(/550/);
  });
});
