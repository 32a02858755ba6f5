import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The checkout's root (the first package.json up), from source (test/support) or a tools build (dist-tools/test/support). */
function findRepo(start: string): string {
  let dir = start;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

export const REPO = findRepo(__dirname);
export const KAFKA_SCRIPT = join(REPO, 'scripts', 'kafka.sh');
export const TEST_PG_ADMIN_URL =
  process.env.TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/** One template per checkout: two checkouts testing against one PostgreSQL server must not rebuild each other's. */
export const TEMPLATE_DB = `minsheng_test_template_${createHash('sha1').update(REPO).digest('hex').slice(0, 8)}`;
export const STARTED_KAFKA_MARKER = join(REPO, '.run', 'jest-started-kafka');
export const TEST_KAFKA_BROKERS = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
/**
 * The keys the spawned apps get: explicit, like a deployment's, so no test leans on the built-in development keys
 * (decision 023) and the PII test can look for them in every output.
 */
export const TEST_APP_KEYS = {
  NODE_ENV: 'test',
  PII_HASH_KEY: 'e2e-pii-hash-key-0f3c9a71d2b84e56',
  SECRETS_KEY: 'e2e-secrets-key-7b1e4d90a3c25f68',
} as const;
