import { CONFIG_VARIABLES, type AppConfig, type ConfigName } from './config-variables';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

/** Validates the whole environment once, at boot; every problem is reported at once, not one per restart. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const problems: string[] = [];
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(CONFIG_VARIABLES) as [
    ConfigName,
    (typeof CONFIG_VARIABLES)[ConfigName],
  ][]) {
    const raw = env[name] === '' && name !== 'KAFKA_TOPIC_PREFIX' ? undefined : env[name];
    const result = spec.schema.safeParse(raw);
    if (result.success) {
      out[name] = result.data;
    } else {
      const shown = 'secret' in spec && spec.secret ? '(secret, not shown)' : JSON.stringify(raw);
      problems.push(
        `${name}=${shown}: ${result.error.issues.map((i) => i.message).join('; ')} — ${spec.description}`,
      );
    }
  }
  if (problems.length) throw new ConfigError(problems);
  const config = out as AppConfig;
  if (config.NODE_ENV === 'production') {
    const defaults = (['PII_HASH_KEY', 'SECRETS_KEY'] as const).filter(
      (name) => config[name] === CONFIG_VARIABLES[name].schema.parse(undefined),
    );
    if (defaults.length)
      throw new ConfigError(
        defaults.map((name) => `${name}: the development default must not be used in production`),
      );
  }
  return config;
}

/** Lists variables for the README and `--help`, secrets flagged. */
export function describeConfig(): { name: string; description: string; secret: boolean }[] {
  return Object.entries(CONFIG_VARIABLES).map(([name, spec]) => ({
    name,
    description: spec.description,
    secret: 'secret' in spec && spec.secret === true,
  }));
}
