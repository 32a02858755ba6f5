import { parentPort, workerData } from 'node:worker_threads';
import { trainTextModel, type TrainOverrides } from './train';
import { type LabelledText } from './types';

// The worker side of trainInWorker: one training run, its document posted back.
const { examples, overrides } = workerData as { examples: LabelledText[]; overrides: TrainOverrides };
try {
  parentPort!.postMessage({ document: trainTextModel(examples, overrides).toJSON() });
} catch (e) {
  parentPort!.postMessage({ error: (e as Error).message });
}
