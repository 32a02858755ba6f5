// Learning: a department classifier over the text of decided appeals, trained, calibrated, explained and
// stored as JSON. No I/O here; the router and the offline tools decide where models come from.
export * from './types';
export {
  TextModel,
  type TextModelDocument,
  type TextModelState,
  MODEL_FORMAT,
  MODEL_FORMAT_VERSION,
} from './text-model';
export {
  trainTextModel,
  trainingOptions,
  DEFAULT_TRAINING,
  figuresAt,
  foldOf,
  type TrainOptions,
  type TrainOverrides,
} from './train';
export { trainInWorker } from './train-in-worker';
export { textSegments } from './text-features';
export { stableHash, seededRandom } from './prng';
export { appealText, parseHistory, type HistoryLine } from './history';
