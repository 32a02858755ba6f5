import { errorMessage } from './ui';

interface CleanupStep {
  name: string;
  run: () => Promise<void>;
}

/**
 * Everything the demo starts registers how to stop it, right when it starts; stopping runs in reverse order
 * (apps before the simulator, the database connection before PGlite, Kafka last) and one failure does not
 * stop the rest.
 */
export class Cleanup {
  private readonly steps: CleanupStep[] = [];
  private running?: Promise<void>;

  add(name: string, run: () => Promise<void>): void {
    this.steps.push({ name, run });
  }

  /** Idempotent: a second signal during cleanup waits for the same run. */
  runAll(): Promise<void> {
    this.running ??= this.drain();
    return this.running;
  }

  private async drain(): Promise<void> {
    for (let s = this.steps.pop(); s; s = this.steps.pop()) {
      try {
        await s.run();
      } catch (e) {
        console.error(`      could not stop ${s.name}: ${errorMessage(e)}`);
      }
    }
  }
}
