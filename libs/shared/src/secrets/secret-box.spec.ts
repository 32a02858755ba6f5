import { isSealed, scrubSecrets, SecretBox } from './secret-box';

describe('SecretBox', () => {
  const box = new SecretBox('a-test-secrets-key-of-enough-length');

  it('seals to a value without the clear text and opens it again', () => {
    const sealed = box.seal('tok-123456');
    expect(isSealed(sealed)).toBe(true);
    expect(sealed).not.toContain('tok-123456');
    expect(box.seal('tok-123456')).not.toBe(sealed);
    expect(box.open(sealed)).toBe('tok-123456');
  });

  it('reads values stored before encryption as they are', () => {
    expect(box.open('legacy-clear')).toBe('legacy-clear');
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
