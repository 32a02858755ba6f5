import { parentPort, workerData } from 'node:worker_threads';
import { TextModel } from '@minsheng/learning';
import { buildRoutingContext } from '@minsheng/routing';
import { type LearnedRoutingContext } from '@minsheng/routing/learned';
import { routeChunk } from './route-chunk';
import { type RouteBatch, type RoutedBatch, type WorkerSetup } from './parallel-router';

// The worker side of ParallelRouter: the same context and model as the main thread, then batches of lines.
const setup = workerData as WorkerSetup;
const base = buildRoutingContext(setup.source);
const ctx: LearnedRoutingContext = setup.model
  ? { ...base, suggester: { suggester: TextModel.fromState(setup.model), threshold: setup.threshold ?? 1 } }
  : base;
const now = new Date(setup.now);
const port = parentPort!;
port.on('message', ({ seq, first, bytes }: RouteBatch) => {
  const out = routeChunk(bytes, first, ctx, now);
  port.postMessage({ seq, out } satisfies RoutedBatch, [out.buffer]);
});
port.postMessage({ ready: true });
