import { signPushBody, verifyPushSignature } from './push-signature';

describe('push signature', () => {
  const body = Buffer.from('{"externalId":"a","content":"路灯坏了"}');
  const now = 1_767_225_600_000;
  const ts = String(now / 1000);

  it('accepts the HMAC of "<timestamp>.<raw body>" within five minutes', () => {
    expect(verifyPushSignature('s3cret', body, ts, signPushBody('s3cret', ts, body), now)).toEqual({
      ok: true,
    });
    expect(verifyPushSignature('s3cret', body, ts, signPushBody('s3cret', ts, body), now + 299_000).ok).toBe(
      true,
    );
  });

  it('refuses another key, other bytes, a malformed header or a stale timestamp', () => {
    const good = signPushBody('s3cret', ts, body);
    expect(verifyPushSignature('other', body, ts, good, now).ok).toBe(false);
    expect(verifyPushSignature('s3cret', Buffer.from(`${body.toString()} `), ts, good, now).ok).toBe(false);
    expect(verifyPushSignature('s3cret', body, ts, good.slice(0, -2), now).ok).toBe(false);
    expect(verifyPushSignature('s3cret', body, ts, undefined, now).ok).toBe(false);
    expect(verifyPushSignature('s3cret', body, undefined, good, now).ok).toBe(false);
    expect(verifyPushSignature('s3cret', body, ts, good, now + 301_000)).toEqual({
      ok: false,
      reason: 'timestamp outside the accepted window',
    });
    expect(verifyPushSignature('s3cret', body, ts, good, now - 301_000).ok).toBe(false);
  });
});
