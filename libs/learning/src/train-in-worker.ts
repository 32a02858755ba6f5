import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { trainTextModel, type TrainOverrides } from './train';
import { type TextModelDocument } from './text-model';
import { type LabelledText } from './types';

const WORKER = join(__dirname, 'train-worker.js');

/**
 * Trains on a worker thread: training takes minutes on a large history, and the process that asks (a router) must
 * keep routing and heartbeating meanwhile. Where the worker script is not compiled JavaScript (ts-jest runs the
 * sources), it trains on the calling thread.
 */
export function trainInWorker(
  examples: readonly LabelledText[],
  overrides: TrainOverrides = {},
): Promise<TextModelDocument> {
  if (!existsSync(WORKER)) return Promise.resolve(trainTextModel(examples, overrides).toJSON());
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { workerData: { examples, overrides } });
    worker.once('message', (m: { document?: TextModelDocument; error?: string }) => {
      if (m.document) resolve(m.document);
      else reject(new Error(m.error ?? 'training failed'));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`training worker exited with ${code}`));
    });
  });
}
