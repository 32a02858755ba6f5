import { type ChildProcess, spawn } from 'node:child_process';
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { APP_NODE_FLAGS, type HubApp } from '../../libs/shared/src/runtime/node-flags';
import { REPO } from './paths';

export type AppName = HubApp;

const READY_LINE: Record<AppName, string> = {
  gateway: 'gateway listening',
  connectors: 'connectors started',
  router: 'router consuming',
};

/** One of the hub's apps as a real child process, built output, with its JSON log lines captured. */
export class AppProcess {
  readonly lines: string[] = [];
  private child?: ChildProcess;
  private exited?: Promise<number | null>;

  constructor(
    readonly name: AppName,
    private readonly env: Record<string, string>,
    /** More node flags, e.g. --cpu-prof for a bench (NODE_OPTIONS refuses it). */
    private readonly nodeFlags: string[] = [],
  ) {}

  /** Waits for the app's ready line, or for `until` (e.g. 'ops http listening' for a router that cannot reach Kafka). */
  async start(timeoutMs = 60000, until: string = READY_LINE[this.name]): Promise<void> {
    const child = spawn(
      process.execPath,
      [
        ...APP_NODE_FLAGS[this.name],
        ...this.nodeFlags,
        join(REPO, 'dist', 'apps', this.name, 'src', 'main.js'),
      ],
      {
        // NODE_ENV=test explicitly: an app started without it refuses the built-in keys (decision 023). The 督办 watch
        // runs on the wall clock, and test tickets are dated in the past: a test that wants it says so.
        env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'info', SUPERVISION_POLL_MS: '0', ...this.env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    this.child = child;
    this.exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
    let buffer = '';
    // Kept on disk too: when a flow test fails in CI, the apps' own logs say why.
    const logFile = join(REPO, '.run', 'test-logs', `${this.env.KAFKA_TOPIC_PREFIX ?? ''}${this.name}.log`);
    mkdirSync(join(REPO, '.run', 'test-logs'), { recursive: true });
    const onData = (chunk: Buffer) => {
      appendFileSync(logFile, chunk);
      buffer += chunk.toString('utf8');
      const parts = buffer.split('\n');
      buffer = parts.pop() ?? '';
      this.lines.push(...parts.filter(Boolean));
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    const deadline = Date.now() + timeoutMs;
    while (!this.lines.some((l) => l.includes(until))) {
      if (child.exitCode !== null)
        throw new Error(`${this.name} exited with ${child.exitCode}:\n${this.lines.slice(-20).join('\n')}`);
      if (Date.now() > deadline)
        throw new Error(
          `${this.name} not ready within ${timeoutMs} ms:\n${this.lines.slice(-20).join('\n')}`,
        );
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Where the app's /metrics and /health/* answer: the gateway's port, or the ops port it logged (port 0 = any). */
  async httpUrl(timeoutMs = 30000): Promise<string> {
    if (this.name === 'gateway') return `http://127.0.0.1:${this.env.GATEWAY_PORT}`;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const line = this.lines.find((l) => l.includes('ops http listening'));
      if (line) return (JSON.parse(line) as { url: string }).url;
      if (Date.now() > deadline) throw new Error(`${this.name} logged no ops http address`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** SIGKILL gives the process no chance to clean up: the point of crash tests. */
  async kill(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (!this.child || this.child.exitCode !== null) return;
    this.child.kill(signal);
    const timer = setTimeout(() => this.child?.kill('SIGKILL'), 15000);
    await this.exited;
    clearTimeout(timer);
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }
}
