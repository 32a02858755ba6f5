import { createCipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { isSealed, scrubSecrets, SecretBox } from './secret-box';

const KEY = 'a-test-secrets-key-of-enough-length';

/** What an attacker who can write a column would store: GCM under the right key but with a short tag. */
function sealWithTag(clear: string, tagBytes: number): string {
  const key = Buffer.from(hkdfSync('sha256', KEY, 'minsheng-hub', 'secrets/v1', 32));
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: tagBytes });
  const body = Buffer.concat([cipher.update(clear, 'utf8'), cipher.final()]);
  return `enc:v1:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
}

describe('SecretBox', () => {
  const box = new SecretBox(KEY);

  it('seals to a value without the clear text and opens it again', () => {
    const sealed = box.seal('tok-123456');
    expect(isSealed(sealed)).toBe(true);
    expect(sealed).not.toContain('tok-123456');
    expect(box.seal('tok-123456')).not.toBe(sealed);
    expect(box.open(sealed)).toBe('tok-123456');
  });

  it('refuses a value that was never sealed instead of passing it through', () => {
    expect(() => box.open('legacy-clear')).toThrow(/not sealed/);
    expect(() => box.open('')).toThrow(/not sealed/);
  });

  it('refuses truncated values and tags shorter than 16 bytes', () => {
    const sealed = box.seal('tok-123456');
    expect(() => box.open(sealed.slice(0, 'enc:v1:'.length + 20))).toThrow(/truncated/);
    // Empty clear text with a 4-byte tag: 16 bytes in all, which GCM would accept without authTagLength.
    expect(() => box.open(sealWithTag('', 4))).toThrow(/truncated/);
    // A 12-byte tag on a longer value: the full-length tag check refuses it.
    expect(() => box.open(sealWithTag('a-longer-secret-value', 12))).toThrow(/cannot be decrypted/);
    expect(box.open(sealWithTag('a-longer-secret-value', 16))).toBe('a-longer-secret-value');
  });

  it('refuses a value sealed under another key without echoing it', () => {
    const other = new SecretBox('some-other-key-of-enough-length').seal('tok-123456');
    expect(() => box.open(other)).toThrow(/cannot be decrypted/);
  });

  it('opens values sealed under the previous key while the key is being changed, and seals under the new one', () => {
    const old = box.seal('tok-123456');
    const changing = new SecretBox(
      'the-new-secrets-key-of-enough-length',
      'a-test-secrets-key-of-enough-length',
    );
    expect(changing.open(old)).toBe('tok-123456');
    const resealed = changing.seal(changing.open(old));
    expect(new SecretBox('the-new-secrets-key-of-enough-length').open(resealed)).toBe('tok-123456');
    expect(() => box.open(resealed)).toThrow(/cannot be decrypted/);
  });

  it('opens sealed strings anywhere in a config and lists them', () => {
    const { value, secrets } = box.openDeep({ a: 1, auth: { kind: 'bearer', token: box.seal('t-999') } });
    expect(value).toEqual({ a: 1, auth: { kind: 'bearer', token: 't-999' } });
    expect(secrets).toEqual(['t-999']);
  });

  it('scrubs secrets, also URL-encoded, from messages', () => {
    expect(scrubSecrets('GET https://x/?key=a%2Fb+c failed: a/b c', ['a/b c'])).toBe(
      'GET https://x/?key=[secret] failed: [secret]',
    );
    expect(scrubSecrets('GET https://x/?key=a%2Fb%20c', ['a/b c'])).toBe('GET https://x/?key=[secret]');
  });
});
