import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { APP_NODE_FLAGS, type HubApp } from '../../libs/shared/src/runtime/node-flags';
import { appEntry, LOG_DIR } from './paths';

export type AppName = HubApp;

/** What each app logs once it is serving; the same lines the e2e tests wait for. */
const READY_LINE: Record<AppName, string> = {
  router: 'router consuming',
  gateway: 'gateway listening',
  connectors: 'connectors started',
};

const STOP_GRACE_MS = 10000;
const TAIL_LINES = 20;
const LEVELS: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
};

/** Pino JSON is hard to read in a terminal; the tail shown on failure is condensed to time, level and message. */
function readable(line: string): string {
  try {
    const entry = JSON.parse(line) as {
      time?: string;
      level?: number;
      msg?: string;
      err?: { message?: string };
    };
    const time = entry.time?.slice(11, 19) ?? '';
    const level = LEVELS[entry.level ?? 0] ?? '';
    const err = entry.err?.message ? ` — ${entry.err.message}` : '';
    return `${time} ${level} ${entry.msg ?? ''}${err}`;
  } catch {
    return line;
  }
}

/**
 * One app as a child process. Its full output goes to .run/demo-logs/<app>.log (at info level, so readiness
 * is visible there) while the terminal stays clean; the last lines are kept for error reports.
 */
export class AppProcess {
  readonly logPath: string;
  private readonly recent: string[] = [];
  private child?: ChildProcess;
  private exited?: Promise<void>;
  private isReady = false;
  private readyWaiters: (() => void)[] = [];

  constructor(
    readonly name: AppName,
    private readonly env: NodeJS.ProcessEnv,
  ) {
    this.logPath = join(LOG_DIR, `${name}.log`);
  }

  start(): void {
    mkdirSync(LOG_DIR, { recursive: true });
    const log = createWriteStream(this.logPath, { flags: 'w' });
    const child = spawn(process.execPath, [...APP_NODE_FLAGS[this.name], appEntry(this.name)], {
      env: { ...this.env, LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.exited = new Promise((resolve) => {
      child.on('exit', () => {
        this.wake();
        log.end(resolve);
      });
    });
    // stdout and stderr are split into lines separately so one cannot cut the other's line in half.
    for (const stream of [child.stdout, child.stderr]) {
      let partial = '';
      stream.on('data', (chunk: Buffer) => {
        log.write(chunk);
        const lines = (partial + chunk.toString('utf8')).split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines.filter(Boolean)) this.remember(line);
      });
    }
  }

  private remember(line: string): void {
    this.recent.push(line);
    if (this.recent.length > TAIL_LINES) this.recent.shift();
    if (!this.isReady && line.includes(READY_LINE[this.name])) {
      this.isReady = true;
      this.wake();
    }
  }

  private wake(): void {
    for (const w of this.readyWaiters.splice(0)) w();
  }

  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Resolves when the process has exited and its log is flushed. */
  whenExited(): Promise<void> {
    return this.exited ?? Promise.resolve();
  }

  exitDescription(): string {
    const c = this.child;
    return c?.signalCode ? `killed by ${c.signalCode}` : `exit code ${c?.exitCode ?? '?'}`;
  }

  /** Resolves on the readiness line; rejects if the app exits first or takes too long. */
  async ready(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.isReady) {
      if (!this.running) throw new AppFailure(this, `exited during start-up (${this.exitDescription()})`);
      const left = deadline - Date.now();
      if (left <= 0) throw new AppFailure(this, `not ready within ${timeoutMs / 1000} s`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.readyWaiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  tail(): string[] {
    return this.recent.map(readable);
  }

  /** SIGTERM lets the app leave its consumer group and finish a relay batch; SIGKILL if it hangs. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    if (this.running) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await this.exited;
      clearTimeout(timer);
    }
    await this.exited;
  }
}

export class AppFailure extends Error {
  constructor(
    readonly app: AppProcess,
    problem: string,
  ) {
    super(`${app.name} ${problem}`);
    this.name = 'AppFailure';
  }
}

/** Throws for the first app that is no longer running: the flow cannot complete without it. */
export function assertAllRunning(apps: AppProcess[]): void {
  const dead = apps.find((a) => !a.running);
  if (dead) throw new AppFailure(dead, `stopped unexpectedly (${dead.exitDescription()})`);
}
