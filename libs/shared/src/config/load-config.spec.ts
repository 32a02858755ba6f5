import { ConfigError, loadConfig } from './load-config';

describe('loadConfig', () => {
  it('applies defaults', () => {
    const c = loadConfig({ NODE_ENV: 'development' });
    expect(c.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/minsheng');
    expect(c.KAFKA_BROKERS).toBe('127.0.0.1:9092');
    expect(c.GATEWAY_PORT).toBe(3000);
  });

  it('reports every bad variable at once and never echoes a secret', () => {
    let error: unknown;
    try {
      loadConfig({
        NODE_ENV: 'test',
        GATEWAY_PORT: 'http',
        KAFKA_BROKERS: 'nope',
        DATABASE_URL: 'mysql://user:hunter2@x/db',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).not.toContain('hunter2');
    expect(problems.find((p) => p.startsWith('GATEWAY_PORT'))).toContain('"http"');
  });

  const real = {
    PII_HASH_KEY: 'a-real-secret-of-enough-length',
    SECRETS_KEY: 'another-real-secret-of-enough-length',
  };

  it.each([
    ['unset', {}],
    ['production', { NODE_ENV: 'production' }],
    ['empty', { NODE_ENV: '' }],
  ])('fails closed without the keys when NODE_ENV is %s, naming each variable', (_mode, env) => {
    expect(() => loadConfig(env)).toThrow(/PII_HASH_KEY: not set[\s\S]*SECRETS_KEY: not set/);
    expect(() => loadConfig({ ...env, PII_HASH_KEY: real.PII_HASH_KEY })).toThrow(/SECRETS_KEY: not set/);
    expect(loadConfig({ ...env, ...real }).SECRETS_KEY).toBe(real.SECRETS_KEY);
  });

  it('refuses the built-in development keys outside development, even when given explicitly', () => {
    const builtIn = loadConfig({ NODE_ENV: 'development' });
    let error: unknown;
    try {
      loadConfig({ PII_HASH_KEY: builtIn.PII_HASH_KEY, SECRETS_KEY: builtIn.SECRETS_KEY });
    } catch (e) {
      error = e;
    }
    const text = (error as ConfigError).problems.join('\n');
    expect(text).toMatch(/PII_HASH_KEY: the built-in development key/);
    expect(text).toMatch(/SECRETS_KEY: the built-in development key/);
    expect(text).not.toContain(builtIn.SECRETS_KEY);
  });

  it('uses the built-in keys only under an explicit development or test', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).PII_HASH_KEY).toBe(
      loadConfig({ NODE_ENV: 'development' }).PII_HASH_KEY,
    );
    expect(loadConfig({ NODE_ENV: 'test', ...real }).PII_HASH_KEY).toBe(real.PII_HASH_KEY);
  });
});
