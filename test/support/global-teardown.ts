import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { KAFKA_SCRIPT, STARTED_KAFKA_MARKER } from './paths';

/** Stops Kafka only if this test run started it. */
export default function globalTeardown(): void {
  if (!existsSync(STARTED_KAFKA_MARKER)) return;
  rmSync(STARTED_KAFKA_MARKER);
  execFileSync('bash', [KAFKA_SCRIPT, 'down'], { stdio: 'inherit' });
}
