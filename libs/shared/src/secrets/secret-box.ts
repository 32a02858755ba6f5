import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/** Marks a sealed value; a stored value without it is refused (`npm run secrets -- seal` seals old clear rows). */
const PREFIX = 'enc:v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class SecretBoxError extends Error {
  readonly code = 'secret_unreadable';
}

export function isSealed(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(PREFIX);
}

/**
 * AES-256-GCM for the secrets operators hand the hub (connector tokens, push channel keys). The key is derived from
 * SECRETS_KEY with HKDF, so any long random string works and the raw variable is never the cipher key itself.
 */
function deriveKey(secretsKey: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secretsKey, 'minsheng-hub', 'secrets/v1', 32));
}

export class SecretBox {
  private readonly key: Buffer;
  /** While SECRETS_KEY is being changed, values sealed under the previous key still open (`npm run secrets -- reseal`). */
  private readonly previous?: Buffer;

  constructor(secretsKey: string, previousKey?: string) {
    this.key = deriveKey(secretsKey);
    if (previousKey) this.previous = deriveKey(previousKey);
  }

  seal(clear: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(clear, 'utf8'), cipher.final()]);
    return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
  }

  /**
   * Clear text of a sealed value. A value that was never sealed is refused, not passed through: otherwise whoever can
   * write the column chooses the secret. The full 16-byte tag is required; GCM would accept 4 bytes, which can be
   * forged by trial.
   */
  open(value: string): string {
    if (!isSealed(value))
      throw new SecretBoxError('a stored secret is not sealed (run `npm run secrets -- seal`)');
    const bytes = Buffer.from(value.slice(PREFIX.length), 'base64url');
    if (bytes.length < IV_BYTES + TAG_BYTES)
      throw new SecretBoxError('a stored secret is truncated (no full authentication tag)');
    for (const key of this.previous ? [this.key, this.previous] : [this.key]) {
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES), {
          authTagLength: TAG_BYTES,
        });
        decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
        return Buffer.concat([
          decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)),
          decipher.final(),
        ]).toString('utf8');
      } catch {
        // Not this key; the next one, or the error below. The message never carries the value.
      }
    }
    throw new SecretBoxError('a stored secret cannot be decrypted (wrong SECRETS_KEY?)');
  }

  /**
   * Opens every sealed string inside a JSON value. Returns the clear values too, so callers can scrub them from
   * error messages that echo a URL or header.
   */
  openDeep<T>(value: T): { value: T; secrets: string[] } {
    const secrets: string[] = [];
    const walk = (v: unknown): unknown => {
      if (isSealed(v)) {
        const clear = this.open(v);
        secrets.push(clear);
        return clear;
      }
      if (Array.isArray(v)) return v.map(walk);
      if (v && typeof v === 'object')
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
      return v;
    };
    return { value: walk(value) as T, secrets };
  }
}

/** Replaces every occurrence of each secret (and its URL-encoded forms, as in a query string) in a message. */
export function scrubSecrets(text: string, secrets: string[]): string {
  let out = text;
  for (const s of secrets) {
    if (s.length < 4) continue;
    for (const form of new Set([s, encodeURIComponent(s), new URLSearchParams({ s }).toString().slice(2)]))
      out = out.split(form).join('[secret]');
  }
  return out;
}

/** The box every app uses: the configured key, and the previous one while a key change is under way. */
export function secretBoxOf(config: { SECRETS_KEY: string; SECRETS_KEY_PREVIOUS?: string }): SecretBox {
  return new SecretBox(config.SECRETS_KEY, config.SECRETS_KEY_PREVIOUS || undefined);
}
