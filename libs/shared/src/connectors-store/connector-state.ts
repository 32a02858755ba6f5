/**
 * The life of a connector instance, in one place. Operators move it (the gateway); pulls move it (the connectors app):
 *
 *   running ──pause──► paused ──resume──► running        running ──stop──► stopped ──resume──► running
 *   running ──pull fails──► failed ──pull succeeds / resume / restart──► running   (failed is retried after backoff)
 *   running|failed ──layout changed──► degraded ──resume / restart──► running      (waits for an operator)
 *
 * The scheduler pulls only RUNNABLE instances; "run now" is refused in any other state, a stopped instance is resumed,
 * not paused, and the cursor changes only while stopped (see ConnectorInstancesRepository.replaceCursor).
 */
export type ConnectorState = 'running' | 'paused' | 'stopped' | 'failed' | 'degraded';

/** A failed instance is retried after its backoff; paused, stopped and degraded ones wait for an operator. */
export const RUNNABLE_STATES: readonly ConnectorState[] = ['running', 'failed'];

export function isRunnable(state: string): boolean {
  return (RUNNABLE_STATES as readonly string[]).includes(state);
}

/** An operator asked for a move the state machine does not allow (the gateway answers 409). */
export class ConnectorStateConflict extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConnectorStateConflict';
  }
}

export type OperatorAction = 'pause' | 'resume' | 'stop' | 'restart' | 'restart_failed' | 'run_now';

/**
 * Where an operator's action takes an instance (`runNow` also asks for a pull outside the schedule), or, for
 * "run now" itself, only the request for a pull, the state as it is.
 */
export type OperatorMove =
  { state: ConnectorState; reason: string | null; runNow: boolean } | { requestRun: true };

/**
 * The move for `action` from `before`, undefined when there is nothing to do (pausing a paused instance), or a
 * ConnectorStateConflict.
 */
export function operatorMove(
  action: OperatorAction,
  before: { state: ConnectorState; enabled: boolean },
): OperatorMove | undefined {
  switch (action) {
    case 'pause':
      if (before.state === 'paused') return undefined;
      if (before.state === 'stopped')
        throw new ConnectorStateConflict('a stopped instance is resumed, not paused');
      return { state: 'paused', reason: 'paused by operator', runNow: false };
    case 'resume':
      // From paused, stopped or degraded (after fixing the source or the config): back to running, backoff cleared.
      return before.state === 'running' ? undefined : { state: 'running', reason: null, runNow: false };
    case 'stop':
      return before.state === 'stopped'
        ? undefined
        : { state: 'stopped', reason: 'stopped by operator', runNow: false };
    case 'restart_failed':
      if (before.state !== 'failed' && before.state !== 'degraded') return undefined;
      return { state: 'running', reason: null, runNow: true };
    case 'restart':
      return { state: 'running', reason: null, runNow: true };
    case 'run_now':
      if (!before.enabled) throw new ConnectorStateConflict('the instance is disabled');
      if (!isRunnable(before.state))
        throw new ConnectorStateConflict(
          `the instance is ${before.state}; resume it before asking for a run`,
        );
      return { requestRun: true };
  }
}

/** What a finished pull means for the instance (judged by the connectors app from its totals and error). */
export type RunVerdict =
  | { kind: 'succeeded' }
  | { kind: 'degraded'; reason: 'layout_changed'; message: string }
  | { kind: 'failed'; errorKind: string; message: string; retryInMs: number };

/** Counters of one pull. */
export interface RunTotals {
  fetched: number;
  emitted: number;
  unchanged: number;
  quarantined: number;
}
