import { spawn } from 'node:child_process';
import { constants } from 'node:os';

/**
 * With a worker on every core, V8's parallel and concurrent GC tasks have no idle core to run on and only compete
 * with the workers: with two workers `--single-threaded-gc` routed 3–4 % more lines a second here when the machine
 * was fast and 18 % more when it was slow, while one thread routed 15–25 % fewer (decision 018, fifth pass). V8 flags cannot change in a running process, so the CLI starts itself
 * again with the flag once it knows it will use workers.
 */
export const WORKER_GC_FLAG = '--single-threaded-gc';

/** True when this process should hand over to a copy of itself started with WORKER_GC_FLAG. */
export function wantsGcRelaunch(
  workers: number,
  execArgv: readonly string[],
  env: NodeJS.ProcessEnv,
): boolean {
  return workers > 1 && !execArgv.includes(WORKER_GC_FLAG) && env.ROUTE_WORKER_GC !== 'default';
}

/**
 * Runs this script again with the flag and the same arguments, sharing stdin, stdout and stderr; resolves with the
 * exit code to leave with. A SIGTERM or SIGINT sent to this process is passed on.
 */
export function relaunchWithWorkerGc(script: string, args: readonly string[]): Promise<number> {
  const child = spawn(process.execPath, [WORKER_GC_FLAG, ...process.execArgv, script, ...args], {
    stdio: 'inherit',
  });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on('SIGTERM', forward).on('SIGINT', forward);
  return new Promise((resolve) => {
    child.on('error', (e) => {
      process.stderr.write(`route: could not start the worker process (${e.message})\n`);
      resolve(1);
    });
    child.on('exit', (code, signal) => resolve(code ?? 128 + (signal ? constants.signals[signal] : 0)));
  });
}
