import { checkAttachmentLink, signAttachmentLink } from './attachment-link';

const KEY = 'link-key-0123456789abcdef';
const ID = `at_${'a'.repeat(32)}`;
const NOW = Date.parse('2026-12-01T00:00:00Z');

function parts(link: string): { path: string; expires: number; signature: string } {
  const u = new URL(link);
  return {
    path: u.pathname,
    expires: Number(u.searchParams.get('expires')),
    signature: u.searchParams.get('signature') ?? '',
  };
}

describe('signed attachment links', () => {
  const link = signAttachmentLink('https://hub.example.cn/', ID, KEY, 600, NOW);

  it('points at the link path with an expiry and a signature', () => {
    expect(link).toMatch(
      new RegExp(
        `^https://hub\\.example\\.cn/api/v1/attachment-links/${ID}\\?expires=\\d+&signature=[0-9a-f]{64}$`,
      ),
    );
    expect(parts(link).expires).toBe(NOW / 1000 + 600);
  });

  it('opens until it expires, then says expired', () => {
    const { expires, signature } = parts(link);
    expect(checkAttachmentLink(ID, expires, signature, KEY, NOW + 599_000)).toBe('ok');
    expect(checkAttachmentLink(ID, expires, signature, KEY, NOW + 601_000)).toBe('expired');
  });

  it('refuses another attachment, a moved expiry, another key and a malformed signature', () => {
    const { expires, signature } = parts(link);
    expect(checkAttachmentLink(`at_${'b'.repeat(32)}`, expires, signature, KEY, NOW)).toBe('bad_signature');
    expect(checkAttachmentLink(ID, expires + 3600, signature, KEY, NOW)).toBe('bad_signature');
    expect(checkAttachmentLink(ID, expires, signature, 'another-key-0123456789', NOW)).toBe('bad_signature');
    expect(checkAttachmentLink(ID, expires, 'zz', KEY, NOW)).toBe('bad_signature');
  });
});
