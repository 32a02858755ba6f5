import { attachmentRef, attachmentRefs } from './attachment-refs';

describe('attachment refs', () => {
  it("takes the kind from the channel's label, else from the extension", () => {
    expect(attachmentRef('https://f.example/x/1', '图片')).toEqual({
      url: 'https://f.example/x/1',
      kind: 'image',
    });
    expect(attachmentRef('https://f.example/x/2.webm', '')).toEqual({
      url: 'https://f.example/x/2.webm',
      kind: 'video',
    });
    expect(attachmentRef('https://f.example/x/3.amr')).toMatchObject({ kind: 'audio' });
    expect(attachmentRef('https://f.example/x/4.docx')).toMatchObject({ kind: 'document' });
    expect(attachmentRef('https://f.example/x/5')).toMatchObject({ kind: 'other' });
  });

  it('leaves out what cannot be fetched, and repeats of one URL', () => {
    expect(attachmentRef('ftp://f.example/1.jpg')).toBeNull();
    expect(attachmentRef('not a url')).toBeNull();
    expect(attachmentRef(42)).toBeNull();
    expect(
      attachmentRefs([
        { url: 'https://f.example/a.jpg' },
        { url: 'javascript:alert(1)' },
        { url: 'https://f.example/a.jpg' },
      ]),
    ).toEqual([{ url: 'https://f.example/a.jpg', kind: 'image' }]);
  });
});
