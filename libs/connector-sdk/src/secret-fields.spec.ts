import { z } from 'zod';
import { SecretBox } from '@minsheng/shared/secrets';
import { ConnectorDefinitions } from '@minsheng/connector-types';
import {
  changedOrigins,
  keepStoredSecrets,
  keptSecretPaths,
  maskSecrets,
  sealSecrets,
  secretPaths,
  secretValues,
} from './secret-fields';

describe('secret config fields', () => {
  const registry = new ConnectorDefinitions();
  const box = new SecretBox('secret-fields-spec-key');

  it('finds the fields each type marks writeOnly, through unions', () => {
    expect(secretPaths(registry.get('hotline_12345').configSchema)).toEqual([['token']]);
    expect(secretPaths(registry.get('public_opinion').configSchema)).toEqual([['apiKey']]);
    expect(secretPaths(registry.get('http_json').configSchema)).toEqual([
      ['body'],
      ['headers'],
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

  it('seals http_json static headers and body, and the type reads them back', () => {
    const schema = registry.get('http_json').configSchema;
    const paths = secretPaths(schema);
    const config = {
      channel: 'gov_supervision',
      url: 'https://api.example.gov.cn/list',
      method: 'POST',
      headers: { 'x-app-key': 'k-5531' },
      body: { appSecret: 's-8812' },
      paging: { style: 'none' },
      recordsPath: 'data',
      mapping: { externalId: 'id', content: 'text', submittedAt: { path: 't', format: 'iso' } },
    };
    const sealed = sealSecrets(config, paths, (s) => box.seal(s));
    expect(JSON.stringify(sealed)).not.toMatch(/k-5531|s-8812/);
    expect(maskSecrets(sealed, paths)).toMatchObject({ headers: { set: true }, body: { set: true } });
    const parsed = schema.parse(box.openDeep(sealed).value) as { headers: object; body: object };
    expect(parsed).toMatchObject({ headers: config.headers, body: config.body });
  });

  it('names URL fields whose origin changed and the secrets an update would keep', () => {
    const stored = {
      baseUrl: 'https://a.example/x',
      nested: { detail: 'https://a.example:8443/' },
      token: 'enc',
    };
    expect(changedOrigins(stored, { ...stored, baseUrl: 'https://a.example/y?z=1' })).toEqual([]);
    expect(changedOrigins(stored, { ...stored, baseUrl: 'http://a.example/x' })).toEqual(['baseUrl']);
    expect(changedOrigins(stored, { ...stored, nested: { detail: 'https://a.example/' } })).toEqual([
      'nested.detail',
    ]);
    expect(changedOrigins(stored, { ...stored, extra: ['https://b.example/'] })).toEqual(['extra[0]']);
    const paths = [['token']];
    expect(keptSecretPaths({ baseUrl: 'x' }, stored, paths)).toEqual([['token']]);
    expect(keptSecretPaths({ token: { set: true } }, stored, paths)).toEqual([['token']]);
    expect(keptSecretPaths({ token: 'new' }, stored, paths)).toEqual([]);
    expect(keptSecretPaths({}, { baseUrl: 'x' }, paths)).toEqual([]);
  });
});
