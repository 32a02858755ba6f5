import { parentPort, workerData } from 'node:worker_threads';
import { TextModel } from '@minsheng/learning';
import { buildRoutingContext } from '@minsheng/routing';
import { type LearnedRoutingContext } from '@minsheng/routing/learned';
import { routeLine } from './route-line';
import { type RouteBatch, type RoutedBatch, type WorkerSetup } from './parallel-router';

// The worker side of ParallelRouter: the same context and model as the main thread, then batches of lines.
const setup = workerData as WorkerSetup;
const base = buildRoutingContext(setup.source);
const ctx: LearnedRoutingContext = setup.model
  ? { ...base, suggester: { suggester: TextModel.fromState(setup.model), threshold: setup.threshold ?? 1 } }
  : base;
const now = new Date(setup.now);
const port = parentPort!;
port.on('message', ({ seq, first, lines }: RouteBatch) => {
  let out = '';
  for (let i = 0; i < lines.length; i++) out += routeLine(lines[i], first + i, ctx, now);
  port.postMessage({ seq, out } satisfies RoutedBatch);
});
port.postMessage({ ready: true });
