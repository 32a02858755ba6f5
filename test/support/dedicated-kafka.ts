import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { KAFKA_SCRIPT, REPO } from './paths';

const run = promisify(execFile);

/** A second broker of the test's own, for tests that stop Kafka without disturbing the shared one. */
export class DedicatedKafka {
  readonly home: string;

  constructor(
    readonly port: number,
    readonly controllerPort: number,
    /** Also a TLS + SASL/SCRAM-SHA-512 listener on this port (scripts/kafka.sh KAFKA_SCRAM_PORT). */
    readonly scramPort?: number,
  ) {
    this.home = join(REPO, '.run', `kafka-test-${port}`);
  }

  get brokers(): string {
    return `127.0.0.1:${this.port}`;
  }

  private get env(): NodeJS.ProcessEnv {
    return {
      ...process.env,
      KAFKA_PORT: String(this.port),
      KAFKA_CONTROLLER_PORT: String(this.controllerPort),
      KAFKA_HOME_DIR: this.home,
      ...(this.scramPort ? { KAFKA_SCRAM_PORT: String(this.scramPort) } : {}),
    };
  }

  async up(): Promise<void> {
    await run('bash', [KAFKA_SCRIPT, 'up'], { env: this.env });
  }

  async down(): Promise<void> {
    await run('bash', [KAFKA_SCRIPT, 'down'], { env: this.env });
  }

  async destroy(): Promise<void> {
    await this.down();
    rmSync(this.home, { recursive: true, force: true });
  }
}
