import { filtersToQuery, parseListFilters } from '../../api/dashboard/filters';
import { refusalFromDetails, refusalText, type CodedRefusal } from '../../shared/refusal-catalogue';
import { html, raw } from '../../api/dashboard/views/html';
import { daysPhrase, daysUntil, deadlineKindLabel } from '../../api/dashboard/views/format';

describe('dashboard building blocks', () => {
  it('escapes everything interpolated into a page', () => {
    const title = '<script>alert("x")</script> & co';
    // prettier-ignore
    const page = html`<h1>${title}</h1>${raw('<br>')}${[html`<i>${'a<b'}</i>`, null, false]}`.value;
    expect(page).toBe('<h1>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co</h1><br><i>a&lt;b</i>');
  });

  it('reads the list filters leniently and writes them back', () => {
    const filters = parseListFilters({
      status: 'sent',
      ministry: 'BZ',
      overdue: 'true',
      page: '2',
      pageSize: 'many',
      text: '',
    });
    expect(filters).toEqual({ status: 'sent', ministry: 'BZ', overdue: true, page: 2, pageSize: 25 });
    expect(filtersToQuery(filters, { page: 3 })).toBe('?status=sent&ministry=BZ&overdue=true&page=3');
    expect(parseListFilters({ status: 'nonsense' })).toEqual({ page: 1, pageSize: 25 });
  });

  it('speaks Dutch about deadlines', () => {
    const now = new Date('2026-11-29T12:00:00Z');
    expect(daysPhrase(daysUntil(new Date('2026-11-20T23:00:00Z'), now))).toBe('8 dagen over termijn');
    expect(daysPhrase(daysUntil(new Date('2026-12-01T23:00:00Z'), now))).toBe('nog 2 dagen');
    expect(daysPhrase(daysUntil(new Date('2026-11-29T12:30:00Z'), now))).toBe('verloopt vandaag');
    expect(deadlineKindLabel('ack:BZ')).toBe('ontvangstbevestiging BZ');
    expect(deadlineKindLabel('review')).toBe('beoordeling LIEC');
  });

  it('translates the workflow refusals a coordinator meets', () => {
    // The catalogue words a refusal's code; the dashboard no longer parses the English message.
    const dutchRefusal = (refusal: CodedRefusal) => refusalText(refusal, 'nl');
    expect(
      dutchRefusal({ code: 'signal_ended', params: { action: 'close', status: 'partially_replied' } }),
    ).toBe('het signaal is deels beantwoord.');
    expect(dutchRefusal({ code: 'no_pending_extension', params: { ministryCode: 'BZ' } })).toBe(
      'er ligt geen uitstelverzoek van BZ (meer) voor.',
    );
    expect(
      dutchRefusal({
        code: 'not_sent_to_ministry',
        params: { action: 'extend_deadline', ministryCode: 'VWS' },
      }),
    ).toBe('het signaal is niet aan VWS aangeboden.');
    expect(dutchRefusal(refusalFromDetails(undefined, 'something new'))).toBe('something new');
  });
});
