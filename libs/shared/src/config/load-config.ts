import { CONFIG_VARIABLES, DEVELOPMENT_MODES, type AppConfig, type ConfigName } from './config-variables';

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
  const development = (DEVELOPMENT_MODES as readonly (string | undefined)[]).includes(env.NODE_ENV);
  for (const [name, spec] of Object.entries(CONFIG_VARIABLES) as [
    ConfigName,
    (typeof CONFIG_VARIABLES)[ConfigName],
  ][]) {
    const keepsEmpty = name === 'KAFKA_TOPIC_PREFIX' || name === 'EGRESS_ALLOW_CIDRS';
    const given = env[name] === '' && !keepsEmpty ? undefined : env[name];
    const builtIn = 'developmentDefault' in spec ? spec.developmentDefault : undefined;
    if (builtIn !== undefined && !development && (given === undefined || given === builtIn)) {
      problems.push(
        `${name}: ${given === undefined ? 'not set' : 'the built-in development key'}; it is required and must be a real secret unless NODE_ENV=development or test (NODE_ENV is ${env.NODE_ENV ? JSON.stringify(env.NODE_ENV) : 'unset'}) — ${spec.description}`,
      );
      continue;
    }
    const raw = given ?? builtIn;
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
  if (config.EGRESS_RESOLVER_FILE && config.NODE_ENV !== 'test')
    throw new ConfigError(['EGRESS_RESOLVER_FILE: replaces DNS, so it is refused unless NODE_ENV=test']);
  // Loopback by default only where the mode was set on purpose: an unset NODE_ENV fails closed (decision 022).
  if (config.EGRESS_ALLOW_CIDRS === undefined)
    config.EGRESS_ALLOW_CIDRS =
      env.NODE_ENV === 'development' || env.NODE_ENV === 'test' ? '127.0.0.0/8,::1/128' : 'none';
  if (config.KAFKA_MIN_INSYNC_REPLICAS > config.KAFKA_REPLICATION_FACTOR)
    throw new ConfigError([
      `KAFKA_MIN_INSYNC_REPLICAS=${config.KAFKA_MIN_INSYNC_REPLICAS} exceeds KAFKA_REPLICATION_FACTOR=${config.KAFKA_REPLICATION_FACTOR}: no write could succeed`,
    ]);
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
