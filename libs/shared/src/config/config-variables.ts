import cron from 'node-cron';
import { z } from 'zod';

interface VariableSpec {
  schema: z.ZodType;
  description: string;
  secret?: boolean;
  /**
   * A built-in value used only under an explicit NODE_ENV=development or test. Anywhere else (unset included) the
   * variable is required, and this value is refused: a key everyone can read in the repository is no key.
   */
  developmentDefault?: string;
}

/** Where the built-in development keys may be used; an unset NODE_ENV is not one of them. */
export const DEVELOPMENT_MODES = ['development', 'test'] as const;

const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().positive();

/** Every variable the hub reads, in one place, with what it means; secrets are never echoed in errors. */
export const CONFIG_VARIABLES = {
  NODE_ENV: {
    schema: z.enum(['development', 'production', 'test']).optional(),
    description:
      'Runtime mode; only an explicit development or test allows the built-in PII_HASH_KEY and SECRETS_KEY (unset counts as production)',
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
    schema: z.string().min(16, 'must be at least 16 characters'),
    description:
      'HMAC key for phone-number hashes (duplicate linking); required unless NODE_ENV=development|test',
    secret: true,
    developmentDefault: 'minsheng-dev-only-pii-hash-key',
  },
  SECRETS_KEY: {
    schema: z.string().min(16, 'must be at least 16 characters'),
    description:
      'Key (any random string of 32+ characters) that encrypts connector, push channel and webhook signing secrets and raw captures at rest (AES-256-GCM); required unless NODE_ENV=development|test',
    secret: true,
    developmentDefault: 'minsheng-dev-only-secrets-key',
  },
  SECRETS_KEY_PREVIOUS: {
    schema: z.string().optional(),
    description:
      'While changing SECRETS_KEY: the old key, so secrets sealed under it still open until `npm run secrets -- reseal` has re-sealed them',
    secret: true,
  },
  KAFKA_REPLICATION_FACTOR: {
    schema: positiveInt.max(10).default(1),
    description:
      'Replication factor of the topics the apps create when missing (1 on a single broker; 3 on a production cluster)',
  },
  KAFKA_MIN_INSYNC_REPLICAS: {
    schema: positiveInt.max(10).default(1),
    description:
      'min.insync.replicas of the topics the apps create (1 on a single broker; 2 with RF 3: a write survives one broker down)',
  },
  KAFKA_SSL: {
    schema: z
      .enum(['true', 'false'])
      .default('false')
      .transform((v) => v === 'true'),
    description: 'Connect to Kafka over TLS (every Kafka client of every app)',
  },
  KAFKA_SSL_CA_FILE: {
    schema: z.string().min(1).optional(),
    description:
      "PEM file of the CA that signed the brokers' certificates (e.g. Strimzi's cluster CA); unset, the system CAs",
  },
  KAFKA_SASL_MECHANISM: {
    schema: z.enum(['none', 'plain', 'scram-sha-256', 'scram-sha-512']).default('none'),
    description: 'SASL mechanism for Kafka (scram-sha-512 with Strimzi users); none without authentication',
  },
  KAFKA_SASL_USERNAME: {
    schema: z.string().min(1).optional(),
    description: 'Kafka SASL user (with KAFKA_SASL_MECHANISM)',
  },
  KAFKA_SASL_PASSWORD: {
    schema: z.string().min(1).optional(),
    description: 'Kafka SASL password (with KAFKA_SASL_MECHANISM)',
    secret: true,
  },
  GATEWAY_HOST: { schema: z.string().default('127.0.0.1'), description: 'Gateway listen address' },
  GATEWAY_PORT: { schema: port.default(3000), description: 'Gateway listen port' },
  PUBLIC_BASE_URL: {
    schema: z
      .url({ protocol: /^https?$/ })
      .transform((u) => u.replace(/\/+$/, ''))
      .optional(),
    description:
      'Where clients reach the gateway (e.g. https://hub.example.org): the links it publishes, such as Open311 discovery, are built from it, never from the Host header; unset = http://GATEWAY_HOST:GATEWAY_PORT',
  },
  CONNECTORS_HTTP_HOST: {
    schema: z.string().default('127.0.0.1'),
    description:
      "Listen address of the connectors' /metrics and /health/* (0.0.0.0 where a scraper or kubelet reaches the pod IP)",
  },
  CONNECTORS_HTTP_PORT: {
    schema: port.default(3001),
    description: "Port of the connectors' /metrics, /health/live and /health/ready (0 = any free port)",
  },
  ROUTER_HTTP_HOST: {
    schema: z.string().default('127.0.0.1'),
    description:
      "Listen address of the router's /metrics and /health/* (0.0.0.0 where a scraper or kubelet reaches the pod IP)",
  },
  ROUTER_HTTP_PORT: {
    schema: port.default(3002),
    description: "Port of the router's /metrics, /health/live and /health/ready (0 = any free port)",
  },
  ROUTER_GROUP_ID: {
    schema: z.string().min(1).default('minsheng-router'),
    description: 'Router consumer group (prefixed)',
  },
  ROUTER_INSTANCE_ID: {
    schema: z
      .string()
      .regex(/^[a-zA-Z0-9._-]+$/)
      .optional(),
    description:
      "Names this replica in Kafka's client id and the logs; unset, the host (pod) name and the process id. Fencing does not depend on it: each input partition has its own transactional id (decision 026)",
  },
  ROUTER_CHUNK_SIZE: {
    schema: positiveInt.max(2000).default(500),
    description: 'Messages routed per Kafka transaction (a fetched batch is split into chunks of this size)',
  },
  ROUTER_CONCURRENCY: {
    schema: positiveInt.max(64).default(6),
    description:
      'Input partitions a router replica routes at the same time (kafkajs partitionsConsumedConcurrently)',
  },
  ROUTER_MAX_RETURNS: {
    schema: z.coerce.number().int().min(0).max(10).default(2),
    description:
      'Returns (退单) re-dispatched to another department; the next return sends the ticket to triage',
  },
  DISSATISFIED_MAX_REOPENS: {
    schema: z.coerce.number().int().min(0).max(10).default(2),
    description:
      '不满意 ratings that re-open a ticket to its lead under 督办 (办理不满意专区); the next one sends it to triage',
  },
  FOLLOW_UP_SAMPLE_RATE: {
    schema: z.coerce.number().min(0).max(1).default(0.1),
    description:
      '回访: share of closed tickets (per unit, picked by a hash of the item id) on the follow-up call list',
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
  SUPERVISION_POLL_MS: {
    schema: z.coerce.number().int().min(0).default(60_000),
    description:
      '督办: how often a router looks for tickets due soon, overdue or to escalate; 0 turns the watch off',
  },
  SUPERVISION_DUE_SOON_WORKING_DAYS: {
    schema: positiveInt.max(10).default(1),
    description: '督办: due_soon when this many working days are left, the due day counted',
  },
  SUPERVISION_ESCALATE_AFTER_WORKING_DAYS: {
    schema: positiveInt.max(30).default(3),
    description: '督办: an open ticket this many working days past its due day goes to the next level up',
  },
  SUPERVISION_CITY_OFFICE: {
    schema: z.string().min(1).default('阜阳市人民政府督查室'),
    description: "督办: the city's supervision office, which follows county-level units' overdue tickets",
  },
  STATS_COMPACT_MS: {
    schema: z.coerce.number().int().min(0).default(5_000),
    description:
      '亮晒比: how often a router folds the statistics deltas into the daily rollup; 0 turns it off (readers count the deltas anyway)',
  },
  HOTSPOT_POLL_MS: {
    schema: z.coerce.number().int().min(0).default(600_000),
    description:
      '热点: how often a router tests today and yesterday for rising topics (one replica at a time); 0 turns detection off',
  },
  HOTSPOT_WINDOW_DAYS: {
    schema: z.coerce.number().int().min(7).max(120).default(28),
    description: '热点: days before the tested day whose same-type days (working or off) make the baseline',
  },
  HOTSPOT_MIN_COUNT: {
    schema: positiveInt.max(1000).default(5),
    description: '热点: fewer appeals than this in a topic and place on a day is never a hotspot',
  },
  HOTSPOT_MIN_RATIO: {
    schema: z.coerce.number().min(1).max(100).default(2),
    description: '热点: observed over expected must reach this',
  },
  HOTSPOT_ALPHA: {
    schema: z.coerce.number().gt(0).max(0.5).default(0.0001),
    description:
      '热点: chance per day and family of series (topic kind × county or town) that noise alone raises a hotspot; shared among the family (Bonferroni)',
  },
  HOTSPOT_PHRASES: {
    schema: z
      .enum(['true', 'false'])
      .default('true')
      .transform((v) => v === 'true'),
    description:
      '热点: test recurring key phrases of titles (2–4 character n-grams) by county, beside tags and departments',
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
  RAW_MAX_AGE_DAYS: {
    schema: z.coerce.number().int().min(0).default(365),
    description:
      'Days after which every raw capture goes, even the one behind the newest revision (they hold clear PII; 0 = no maximum)',
  },
  DEAD_LETTER_RETENTION_DAYS: {
    schema: z.coerce.number().int().min(0).default(30),
    description: 'Days dead letters are kept, replayed or not (0 = forever)',
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
  WEBHOOKS_REDELIVER_PER_MINUTE: {
    schema: positiveInt.max(1000).default(10),
    description:
      'Redeliveries on demand a subscription may ask for per minute, across replicas (429 redeliver_rate_limited beyond)',
  },
  EGRESS_ALLOW_CIDRS: {
    schema: z
      .string()
      .regex(
        /^(none|[0-9a-fA-F:.]+(\/\d{1,3})?(\s*,\s*[0-9a-fA-F:.]+(\/\d{1,3})?)*)?$/,
        'must be CIDRs, comma-separated, or none',
      )
      .optional(),
    description:
      'Address ranges every outbound request (connector pulls and checks, webhooks) may reach although they are not public, e.g. 10.20.0.0/16; unset means 127.0.0.0/8,::1 only when NODE_ENV is explicitly development or test, else nothing; `none` means nothing (decision 022)',
  },
  EGRESS_RESOLVER_FILE: {
    schema: z.string().optional(),
    description:
      'Tests only (refused unless NODE_ENV=test): a JSON file {name: [address]} that replaces DNS for the egress policy',
  },
  BLOB_STORE: {
    schema: z.enum(['fs', 's3']).default('fs'),
    description:
      'Where attachment blobs are kept: fs (a directory, BLOB_DIR) or s3 (an S3-compatible bucket, S3_*); never public',
  },
  BLOB_DIR: {
    schema: z.string().min(1).default('.run/blobs'),
    description: 'Directory of the filesystem blob store (shared by the connectors and the gateway)',
  },
  S3_ENDPOINT: {
    schema: z.url().optional(),
    description:
      'S3-compatible endpoint for BLOB_STORE=s3, e.g. https://s3.cn-east-1.example.com (path-style)',
  },
  S3_BUCKET: { schema: z.string().optional(), description: 'Private bucket of the S3 blob store' },
  S3_REGION: {
    schema: z.string().default('us-east-1'),
    description: 'Region the S3 requests are signed for',
  },
  S3_PREFIX: { schema: z.string().default('attachments/'), description: 'Object key prefix in the bucket' },
  S3_ACCESS_KEY_ID: {
    schema: z.string().optional(),
    description: 'Access key of the S3 blob store',
    secret: true,
  },
  S3_SECRET_ACCESS_KEY: {
    schema: z.string().optional(),
    description: 'Secret key of the S3 blob store (SigV4)',
    secret: true,
  },
  ATTACHMENT_LINK_KEY: {
    schema: z
      .string()
      .min(16, 'must be at least 16 characters')
      .default('minsheng-dev-only-attachment-link-key'),
    description:
      'HMAC key of the short-lived attachment links in webhooks and Open311 media_url (signature over path and expiry)',
    secret: true,
  },
  GATEWAY_PUBLIC_URL: {
    schema: z.url().optional(),
    description:
      'How consumers reach the gateway (https://hub.example.cn); signed attachment links in webhooks start with it (default http://GATEWAY_HOST:GATEWAY_PORT)',
  },
  ATTACHMENT_LINK_TTL_S: {
    schema: positiveInt.max(7 * 24 * 3600).default(3600),
    description: 'How long a signed attachment link stays valid',
  },
  ATTACHMENT_MAX_IMAGE_BYTES: {
    schema: positiveInt.default(10 * 1024 * 1024),
    description:
      'Largest image (jpeg, png, gif, webp) the connectors store; a larger one is refused with a reason',
  },
  ATTACHMENT_MAX_VIDEO_BYTES: {
    schema: positiveInt.default(20 * 1024 * 1024),
    description:
      'Largest video (mp4, mov, webm); the capture reads at most the largest ATTACHMENT_MAX_*_BYTES of one body',
  },
  ATTACHMENT_MAX_AUDIO_BYTES: {
    schema: positiveInt.default(10 * 1024 * 1024),
    description: 'Largest audio file (mp3, m4a, amr, wav)',
  },
  ATTACHMENT_MAX_DOCUMENT_BYTES: {
    schema: positiveInt.default(20 * 1024 * 1024),
    description: 'Largest document (PDF, Office)',
  },
  ATTACHMENT_MAX_ATTEMPTS: {
    schema: positiveInt.max(50).default(6),
    description: 'Fetches of one attachment URL before a failure (404, timeout, refused egress) is final',
  },
  ATTACHMENT_BACKOFF_BASE_MS: {
    schema: positiveInt.default(60_000),
    description: 'Delay before the second fetch of a failed attachment; doubles per attempt, capped at a day',
  },
  ATTACHMENT_POLL_MS: {
    schema: positiveInt.default(1000),
    description: 'How often the connectors look for attachments to fetch when idle',
  },
  ATTACHMENT_CONCURRENCY: {
    schema: positiveInt.max(64).default(4),
    description: 'Attachment fetches in flight per connectors replica (per-host politeness still applies)',
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
