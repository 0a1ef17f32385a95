import { admitDocument, normaliseFilename, sniff } from '../../api/documents/admit';

describe('normaliseFilename', () => {
  it.each([
    ['../../etc/passwd.txt', 'passwd.txt'],
    ['C:\\Users\\x\\Brief.pdf', 'Brief.pdf'],
    ['Cafe\u0301.pdf', 'Café.pdf'],
    ['reactie\u0000\u0007\u001b\u007f\u0085.pdf', 'reactie.pdf'],
    ['factuur\u202Efdp.exe', 'factuurfdp.exe'],
    ['  twee   spaties\t.pdf ', 'twee spaties.pdf'],
    ['..', 'document'],
    ['.hidden.pdf', 'hidden.pdf'],
    ['"quoted".pdf', 'quoted.pdf'],
    ['', 'document'],
  ])('%j → %j', (input, expected) => {
    expect(normaliseFilename(input)).toBe(expected);
  });

  it('caps a long name at 200 characters and keeps the extension, never splitting a character', () => {
    const name = normaliseFilename(`${'😀'.repeat(300)}.pdf`);
    expect(Array.from(name)).toHaveLength(200);
    expect(name.endsWith('😀.pdf')).toBe(true);
  });
});

describe('admitDocument', () => {
  const pdf = Buffer.from('%PDF-1.7 x');
  const odt = Buffer.concat([
    Buffer.from([0x50, 0x4b, 0x03, 0x04]),
    Buffer.alloc(26),
    Buffer.from('mimetypeapplication/vnd.oasis.opendocument.text'),
  ]);
  const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(60)]);

  it('takes the type from the bytes, not from what the sender declared', () => {
    expect(sniff(pdf)).toBe('pdf');
    expect(sniff(odt)).toBe('odt');
    expect(sniff(zip)).toBe('zip');
    expect(admitDocument({ filename: 'a.pdf', declaredType: 'application/octet-stream', data: pdf })).toEqual(
      {
        ok: { filename: 'a.pdf', contentType: 'application/pdf', data: pdf },
      },
    );
    expect(admitDocument({ filename: 'a.odt', declaredType: 'application/zip', data: odt })).toMatchObject({
      ok: { contentType: 'application/vnd.oasis.opendocument.text' },
    });
  });

  it('refuses a name, declared type and content that disagree', () => {
    expect(admitDocument({ filename: 'a.pdf', declaredType: 'application/pdf', data: zip })).toEqual({
      rejected: 'a.pdf',
    });
    expect(admitDocument({ filename: 'a.odt', declaredType: 'application/zip', data: zip })).toEqual({
      rejected: 'a.odt',
    });
    expect(admitDocument({ filename: 'a.pdf', declaredType: 'text/html', data: pdf })).toEqual({
      rejected: 'a.pdf',
    });
    expect(admitDocument({ filename: 'a.html', declaredType: 'text/html', data: pdf })).toEqual({
      rejected: 'a.html',
    });
    expect(admitDocument({ filename: 'a.txt', declaredType: 'text/plain', data: Buffer.alloc(0) })).toEqual({
      rejected: 'a.txt',
    });
  });
});
