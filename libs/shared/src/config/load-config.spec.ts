import { ConfigError, loadConfig } from './load-config';

describe('loadConfig', () => {
  it('applies defaults', () => {
    const c = loadConfig({});
    expect(c.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/minsheng');
    expect(c.KAFKA_BROKERS).toBe('127.0.0.1:9092');
    expect(c.GATEWAY_PORT).toBe(3000);
  });

  it('reports every bad variable at once and never echoes a secret', () => {
    let error: unknown;
    try {
      loadConfig({ GATEWAY_PORT: 'http', KAFKA_BROKERS: 'nope', DATABASE_URL: 'mysql://user:hunter2@x/db' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).not.toContain('hunter2');
    expect(problems.find((p) => p.startsWith('GATEWAY_PORT'))).toContain('"http"');
  });

  it('refuses the development PII and secrets keys in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/PII_HASH_KEY[\s\S]*SECRETS_KEY/);
    expect(() =>
      loadConfig({ NODE_ENV: 'production', PII_HASH_KEY: 'a-real-secret-of-enough-length' }),
    ).toThrow(/SECRETS_KEY/);
    expect(
      loadConfig({
        NODE_ENV: 'production',
        PII_HASH_KEY: 'a-real-secret-of-enough-length',
        SECRETS_KEY: 'another-real-secret-of-enough-length',
      }).NODE_ENV,
    ).toBe('production');
  });
});
