import { parentPort, workerData } from 'node:worker_threads';
import { TextModel } from '@minsheng/learning';
import { buildRoutingContext } from '@minsheng/routing';
import { type LearnedRoutingContext } from '@minsheng/routing/learned';
import { routeLine } from './route-line';
import { Utf8Batch } from './utf8-batch';
import { type RouteBatch, type RoutedBatch, type WorkerSetup } from './parallel-router';

// The worker side of ParallelRouter: the same context and model as the main thread, then batches of lines.
const setup = workerData as WorkerSetup;
const base = buildRoutingContext(setup.source);
const ctx: LearnedRoutingContext = setup.model
  ? { ...base, suggester: { suggester: TextModel.fromState(setup.model), threshold: setup.threshold ?? 1 } }
  : base;
const now = new Date(setup.now);
const port = parentPort!;
/** Bytes per routed line to start a batch's buffer with (a ticket line is 2–3 kB); it grows if need be. */
const LINE_BYTES = 4096;
port.on('message', ({ seq, first, lines }: RouteBatch) => {
  const out = new Utf8Batch(lines.length * LINE_BYTES);
  for (let i = 0; i < lines.length; i++) out.append(routeLine(lines[i], first + i, ctx, now));
  const bytes = out.take();
  port.postMessage({ seq, out: bytes } satisfies RoutedBatch, [bytes.buffer]);
});
port.postMessage({ ready: true });
