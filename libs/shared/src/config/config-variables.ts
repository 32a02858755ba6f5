import cron from 'node-cron';
import { z } from 'zod';

interface VariableSpec {
  schema: z.ZodType;
  description: string;
  secret?: boolean;
}

const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().positive();

/** Every variable the hub reads, in one place, with what it means; secrets are never echoed in errors. */
export const CONFIG_VARIABLES = {
  NODE_ENV: {
    schema: z.enum(['development', 'production', 'test']).default('development'),
    description: 'Runtime mode',
  },
  DATABASE_URL: {
    schema: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
      .default('postgres://postgres@127.0.0.1:5432/minsheng'),
    description: 'PostgreSQL connection URL; the database is created if missing',
    secret: true,
  },
  KAFKA_BROKERS: {
    schema: z
      .string()
      .regex(/^[^,\s:]+:\d+(,[^,\s:]+:\d+)*$/, 'must be host:port[,host:port]')
      .default('127.0.0.1:9092'),
    description: 'Kafka bootstrap servers',
  },
  KAFKA_TOPIC_PREFIX: {
    schema: z
      .string()
      .regex(/^[a-zA-Z0-9._-]*$/)
      .default(''),
    description: 'Prefix for every topic and consumer group (isolates environments sharing one cluster)',
  },
  LOG_LEVEL: {
    schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    description: 'Log level',
  },
  PII_HASH_KEY: {
    schema: z.string().min(16, 'must be at least 16 characters').default('minsheng-dev-only-pii-hash-key'),
    description: 'HMAC key for phone-number hashes (duplicate linking); set a real secret in production',
    secret: true,
  },
  SECRETS_KEY: {
    schema: z.string().min(16, 'must be at least 16 characters').default('minsheng-dev-only-secrets-key'),
    description:
      'Key (any random string of 32+ characters) that encrypts connector, push channel and webhook signing secrets at rest (AES-256-GCM); the development default is refused in production',
    secret: true,
  },
  SECRETS_KEY_PREVIOUS: {
    schema: z.string().optional(),
    description:
      'While changing SECRETS_KEY: the old key, so secrets sealed under it still open until `npm run secrets -- reseal` has re-sealed them',
    secret: true,
  },
  GATEWAY_HOST: { schema: z.string().default('127.0.0.1'), description: 'Gateway listen address' },
  GATEWAY_PORT: { schema: port.default(3000), description: 'Gateway listen port' },
  ROUTER_GROUP_ID: {
    schema: z.string().min(1).default('minsheng-router'),
    description: 'Router consumer group (prefixed)',
  },
  ROUTER_INSTANCE_ID: {
    schema: z
      .string()
      .regex(/^[a-zA-Z0-9._-]+$/)
      .default('router-0'),
    description:
      'Stable per replica: it names the Kafka transactional id, so a restarted replica fences its dead predecessor',
  },
  ROUTER_CHUNK_SIZE: {
    schema: positiveInt.max(2000).default(100),
    description: 'Messages routed per Kafka transaction (a fetched batch is split into chunks of this size)',
  },
  ROUTER_MAX_RETURNS: {
    schema: z.coerce.number().int().min(0).max(10).default(2),
    description:
      'Returns (退单) re-dispatched to another department; the next return sends the ticket to triage',
  },
  DUPLICATE_WINDOW_HOURS: {
    schema: positiveInt.max(24 * 30).default(72),
    description: 'How far back an appeal is compared with earlier ones to link duplicates (并单)',
  },
  RULES_RELOAD_MS: {
    schema: positiveInt.default(5000),
    description: 'How often the router checks for a newly published rule set',
  },
  MODEL_TRAIN_CRON: {
    schema: z
      .string()
      .refine((v) => v === 'off' || cron.validate(v), 'not a node-cron expression, nor "off"')
      .default('30 2 * * 1'),
    description:
      'When a router trains a candidate model from the decided tickets (node-cron, Asia/Shanghai; one replica trains); "off" disables',
  },
  MODEL_TRAIN_WINDOW_DAYS: {
    schema: positiveInt.max(3650).default(365),
    description: 'Decided tickets of this many days back are training examples',
  },
  MODEL_TRAIN_MAX_EXAMPLES: {
    schema: positiveInt.max(2_000_000).default(200_000),
    description: 'At most this many examples (the newest) per training run',
  },
  MODEL_MIN_EXAMPLES: {
    schema: positiveInt.default(50),
    description: 'Fewer accepted or dispatched examples than this and no model is trained',
  },
  OUTBOX_BATCH_SIZE: {
    schema: positiveInt.max(5000).default(500),
    description: 'Outbox rows the relay publishes per Kafka send',
  },
  OUTBOX_POLL_MS: {
    schema: positiveInt.default(250),
    description: 'Relay poll interval when the outbox is empty',
  },
  CONNECTORS_RELOAD_MS: {
    schema: positiveInt.default(5000),
    description: 'How often connector instances are re-read from PostgreSQL',
  },
  CONNECTORS_RUN_NOW_POLL_MS: {
    schema: positiveInt.default(1000),
    description: 'How often connectors look for instances an operator asked to run now (run_requested_at)',
  },
  CONTROL_PLANE_TIMEOUT_MS: {
    schema: positiveInt.min(100).max(60_000).default(3000),
    description:
      'How long the gateway waits for the connectors or the router to take a control request (check, run now, live status, simulate) before answering 503 connectors_unavailable / router_unavailable',
  },
  CONTROL_PLANE_WORK_TIMEOUT_MS: {
    schema: positiveInt.min(1000).max(600_000).default(60_000),
    description:
      'How long a taken control request (a live check, a simulation) may run before the gateway answers 504 connectors_timeout / router_timeout',
  },
  RAW_RETENTION_DAYS: {
    schema: z.coerce.number().int().min(0).default(90),
    description:
      'Days raw captures are kept (0 = forever); the capture behind the newest revision of an item is always kept',
  },
  SCHEDULE_TIMEZONE: {
    schema: z.string().default('Asia/Shanghai'),
    description: 'Time zone of connector cron schedules',
  },
  WEBHOOKS_GROUP_ID: {
    schema: z.string().min(1).default('minsheng-webhooks'),
    description:
      "Consumer group (prefixed) of the gateway's webhook matcher on appeal.routed.v1 and appeal.triage.v1",
  },
  WEBHOOKS_POLL_MS: {
    schema: positiveInt.default(1000),
    description: 'How often the webhook dispatcher looks for due deliveries when it is idle',
  },
  WEBHOOKS_MAX_ATTEMPTS: {
    schema: positiveInt.max(50).default(8),
    description: 'Attempts per webhook delivery before it is marked failed (redeliver on demand after that)',
  },
  WEBHOOKS_BACKOFF_BASE_MS: {
    schema: positiveInt.default(10_000),
    description:
      'Delay before the second attempt; doubles per attempt (with jitter), capped by WEBHOOKS_BACKOFF_MAX_MS',
  },
  WEBHOOKS_BACKOFF_MAX_MS: {
    schema: positiveInt.default(3_600_000),
    description: 'Longest delay between two attempts of a webhook delivery',
  },
  WEBHOOKS_TIMEOUT_MS: {
    schema: positiveInt.max(120_000).default(10_000),
    description: "Total time allowed for one webhook POST (connect, send, the receiver's answer)",
  },
  WEBHOOKS_CONCURRENCY: {
    schema: positiveInt.max(256).default(16),
    description:
      'Webhook POSTs in flight per gateway replica (at most 2 per subscription, so one slow target cannot take them all)',
  },
  WEBHOOKS_ALLOW_LOOPBACK: {
    schema: z
      .enum(['true', 'false'])
      .default('false')
      .transform((v) => v === 'true'),
    description: 'Accept webhook targets on localhost / 127.0.0.0/8 / ::1 (tests and local development only)',
  },
  CONSOLE_SESSION_MINUTES: {
    schema: positiveInt.max(7 * 24 * 60).default(480),
    description: 'How long a web console sign-in lasts (the session cookie and its server-side session)',
  },
  CONSOLE_COOKIE_SECURE: {
    schema: z.enum(['auto', 'always']).default('auto'),
    description:
      "The console's session cookie is Secure when the request came over https (auto), or always (behind a TLS proxy)",
  },
} satisfies Record<string, VariableSpec>;

export type ConfigName = keyof typeof CONFIG_VARIABLES;
export type AppConfig = { [K in ConfigName]: z.infer<(typeof CONFIG_VARIABLES)[K]['schema']> };
