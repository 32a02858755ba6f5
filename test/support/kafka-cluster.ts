import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { KAFKA_SCRIPT, REPO } from './paths';

const run = promisify(execFile);

/**
 * A three-node KRaft cluster (scripts/kafka-cluster.sh). By default a test's own, on ports and a folder no other
 * test or developer cluster uses, so it can be killed and wiped freely; `dir` names another folder (the chaos run
 * uses the script's own default, `.run/kafka-cluster-<base port>`).
 */
export class KafkaCluster {
  readonly dir: string;

  constructor(
    readonly basePort: number,
    dir?: string,
  ) {
    this.dir = dir ?? join(REPO, '.run', `kafka-cluster-test-${basePort}`);
  }

  /** Client port of node 1, 2 or 3. */
  port(node: number): number {
    return this.basePort + 2 * (node - 1);
  }

  get brokers(): string {
    return [1, 2, 3].map((n) => `127.0.0.1:${this.port(n)}`).join(',');
  }

  private get env(): NodeJS.ProcessEnv {
    return { ...process.env, KAFKA_CLUSTER_BASE_PORT: String(this.basePort), KAFKA_CLUSTER_DIR: this.dir };
  }

  private async cluster(...args: string[]): Promise<string> {
    const { stdout } = await run('bash', [KAFKA_SCRIPT, 'cluster', ...args], { env: this.env });
    return stdout;
  }

  /** Starts every node that is not running (a killed node comes back with its data) and waits for all three. */
  async up(): Promise<void> {
    await this.cluster('up');
  }

  /** Stops every node; the data stays. */
  async down(): Promise<void> {
    await this.cluster('down');
  }

  /** SIGKILL one node: no clean shutdown, no leadership hand-over. */
  async kill(node: number): Promise<void> {
    await this.cluster('kill', String(node));
  }

  /** Exit code of `cluster status`: 0 all three run, 1 some, 3 none. */
  async status(): Promise<number> {
    try {
      await this.cluster('status');
      return 0;
    } catch (e) {
      return (e as { code?: number }).code ?? -1;
    }
  }

  async destroy(): Promise<void> {
    await this.cluster('down');
    rmSync(this.dir, { recursive: true, force: true });
  }
}
