import { z } from 'zod';
import { SecretBox } from '@minsheng/shared/secrets';
import { ConnectorDefinitions } from '@minsheng/connector-types';
import { keepStoredSecrets, maskSecrets, sealSecrets, secretPaths, secretValues } from './secret-fields';

describe('secret config fields', () => {
  const registry = new ConnectorDefinitions();
  const box = new SecretBox('secret-fields-spec-key');

  it('finds the fields each type marks writeOnly, through unions', () => {
    expect(secretPaths(registry.get('hotline_12345').configSchema)).toEqual([['token']]);
    expect(secretPaths(registry.get('public_opinion').configSchema)).toEqual([['apiKey']]);
    expect(secretPaths(registry.get('http_json').configSchema)).toEqual([
      ['auth', 'token'],
      ['auth', 'value'],
    ]);
    expect(secretPaths(registry.get('mayor_mailbox').configSchema)).toEqual([]);
  });

  it('masks, seals once, and keeps a stored secret an update left out or sent back masked', () => {
    const paths = secretPaths(
      z.object({ a: z.string(), auth: z.object({ token: z.string().meta({ writeOnly: true }) }) }),
    );
    const sealed = sealSecrets({ a: 'x', auth: { token: 't-1234' } }, paths, (s) => box.seal(s));
    expect(sealSecrets(sealed, paths, (s) => box.seal(s))).toEqual(sealed);
    expect(maskSecrets(sealed, paths)).toEqual({ a: 'x', auth: { token: { set: true } } });
    expect(keepStoredSecrets({ a: 'y', auth: {} }, sealed, paths)).toEqual({ a: 'y', auth: sealed.auth });
    expect(keepStoredSecrets({ a: 'y', auth: { token: { set: true } } }, sealed, paths)).toEqual({
      a: 'y',
      auth: sealed.auth,
    });
    expect(keepStoredSecrets({ auth: { token: 'new-one' } }, sealed, paths)).toEqual({
      auth: { token: 'new-one' },
    });
    expect(secretValues({ auth: { token: 'clear-1' } }, paths)).toEqual(['clear-1']);
  });
});
