import { sniff } from './sniff';

const bytes = (...parts: (number[] | string)[]): Buffer =>
  Buffer.concat([
    ...parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))),
    Buffer.alloc(32),
  ]);

describe('sniff', () => {
  it.each([
    ['jpeg', bytes([0xff, 0xd8, 0xff, 0xe0]), 'image', 'image/jpeg'],
    ['png', bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), 'image', 'image/png'],
    ['gif', bytes('GIF89a'), 'image', 'image/gif'],
    ['webp', bytes('RIFF\0\0\0\0WEBPVP8 '), 'image', 'image/webp'],
    ['mp4', bytes([0, 0, 0, 0x18], 'ftypisom'), 'video', 'video/mp4'],
    ['mov', bytes([0, 0, 0, 0x14], 'ftypqt  '), 'video', 'video/quicktime'],
    ['webm', bytes([0x1a, 0x45, 0xdf, 0xa3], 'B\x82\x84webm'), 'video', 'video/webm'],
    ['m4a', bytes([0, 0, 0, 0x20], 'ftypM4A '), 'audio', 'audio/mp4'],
    ['mp3 (ID3)', bytes('ID3\x04'), 'audio', 'audio/mpeg'],
    ['mp3 (frame)', bytes([0xff, 0xfb, 0x90]), 'audio', 'audio/mpeg'],
    ['amr', bytes('#!AMR\n'), 'audio', 'audio/amr'],
    ['wav', bytes('RIFF\0\0\0\0WAVEfmt '), 'audio', 'audio/wav'],
    ['pdf', bytes('%PDF-1.7'), 'document', 'application/pdf'],
    ['doc', bytes([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), 'document', 'application/vnd.ms-office'],
    [
      'docx',
      bytes([0x50, 0x4b, 0x03, 0x04], '\0'.repeat(26), '[Content_Types].xml', 'word/document.xml'),
      'document',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    ],
  ])('recognises %s by its first bytes', (_, b, kind, mediaType) => {
    expect(sniff(b)).toEqual({ ok: true, kind, mediaType });
  });

  it.each([
    ['a Windows executable', bytes('MZ\x90\0')],
    ['an ELF executable', bytes([0x7f, 0x45, 0x4c, 0x46])],
    ['a script', bytes('#!/bin/sh\n')],
  ])('names %s as an executable', (what, b) => {
    expect(sniff(b)).toEqual({
      ok: false,
      code: 'executable',
      detail: expect.stringContaining(what.split(' ').pop()!),
    });
  });

  it('refuses a ZIP that is no Office document, HTML and an empty body as unsupported', () => {
    expect(sniff(bytes([0x50, 0x4b, 0x03, 0x04], '\0'.repeat(26), 'evil/run.js'))).toMatchObject({
      ok: false,
      code: 'unsupported_type',
    });
    expect(sniff(Buffer.from('<html><body>login</body></html>'))).toMatchObject({ code: 'unsupported_type' });
    expect(sniff(Buffer.alloc(0))).toMatchObject({ code: 'unsupported_type' });
  });
});
