import {
  chooseThreshold,
  expectedCalibrationError,
  fitTemperature,
  type HeldOutPrediction,
} from './calibration';
import { DEFAULT_COMPLEMENT_NB, trainComplementNaiveBayes } from './complement-naive-bayes';
import { type LinearWeights, logits, softmaxInPlace, type TrainingRow } from './linear-model';
import { DEFAULT_LOGISTIC, type LogisticOptions, trainLogistic } from './logistic-regression';
import { stableHash } from './prng';
import { TextModel } from './text-model';
import { textSegments } from './text-features';
import { type CrossValidation, type DepartmentFigures, type LabelledText } from './types';
import { Vocabulary, type VocabularyOptions } from './vocabulary';

export interface TrainOptions {
  algorithm: 'logistic' | 'complement-nb';
  seed: number;
  /** Folds for the held-out figures, the temperature and the threshold; 0 trains once with neither. */
  folds: number;
  /** The threshold is the lowest confidence whose held-out precision still reaches this. */
  targetPrecision: number;
  /** The threshold never goes below this, whatever the held-out figures say. */
  minThreshold: number;
  /** Used as the threshold when there are no folds. */
  defaultThreshold: number;
  vocabulary: VocabularyOptions;
  logistic: Omit<LogisticOptions, 'seed'>;
  complementAlpha: number;
  /** Weight of a returned (退单) example relative to an accepted one. */
  returnedWeight: number;
}

/**
 * Defaults measured on the labelled corpus (docs/decisions/018-learned-routing.md) and chosen to hold on
 * histories of any size: min document frequency 2 and 30,000 grams keep a 100k-example model at a few MB.
 */
export const DEFAULT_TRAINING: TrainOptions = {
  algorithm: 'logistic',
  seed: 13,
  folds: 5,
  targetPrecision: 0.9,
  minThreshold: 0.5,
  defaultThreshold: 0.6,
  vocabulary: { minDocumentFrequency: 2, maxFeatures: 30_000 },
  logistic: {
    epochs: DEFAULT_LOGISTIC.epochs,
    l2: DEFAULT_LOGISTIC.l2,
    learningRate: DEFAULT_LOGISTIC.learningRate,
  },
  complementAlpha: DEFAULT_COMPLEMENT_NB.alpha,
  returnedWeight: 1,
};

export type TrainOverrides = Partial<Omit<TrainOptions, 'vocabulary' | 'logistic'>> & {
  vocabulary?: Partial<VocabularyOptions>;
  logistic?: Partial<TrainOptions['logistic']>;
};

export function trainingOptions(overrides: TrainOverrides = {}): TrainOptions {
  return {
    ...DEFAULT_TRAINING,
    ...overrides,
    vocabulary: { ...DEFAULT_TRAINING.vocabulary, ...overrides.vocabulary },
    logistic: { ...DEFAULT_TRAINING.logistic, ...overrides.logistic },
  };
}

function fitLinear(
  examples: readonly LabelledText[],
  classIndex: ReadonlyMap<string, number>,
  options: TrainOptions,
): { vocabulary: Vocabulary; linear: LinearWeights } {
  const vocabulary = Vocabulary.fit(
    examples.map((e) => e.text),
    options.vocabulary,
  );
  const rows: TrainingRow[] = examples.map((e) => ({
    x: vocabulary.vectorise(e.text),
    label: classIndex.get(e.department) ?? 0,
    weight: e.returned ? options.returnedWeight : 1,
    negative: e.returned === true,
  }));
  const C = classIndex.size;
  const linear =
    options.algorithm === 'logistic'
      ? trainLogistic(rows, C, vocabulary.size, { ...options.logistic, seed: options.seed })
      : trainComplementNaiveBayes(rows, C, vocabulary.size, { alpha: options.complementAlpha });
  return { vocabulary, linear };
}

/** Same text, same fold: repeated appeals (并单) must not be both trained on and tested against. */
export function foldOf(text: string, folds: number, seed: number): number {
  return stableHash(`${seed}\u0000${textSegments(text).join(' ')}`) % folds;
}

interface HeldOut extends HeldOutPrediction {
  department: string;
}

function heldOutPredictions(
  examples: readonly LabelledText[],
  classIndex: ReadonlyMap<string, number>,
  options: TrainOptions,
): HeldOut[] {
  const fold = examples.map((e) => foldOf(e.text, options.folds, options.seed));
  const out: HeldOut[] = [];
  for (let k = 0; k < options.folds; k += 1) {
    const train = examples.filter((_, i) => fold[i] !== k);
    const test = examples.filter((e, i) => fold[i] === k && !e.returned);
    if (train.length === 0 || test.length === 0) continue;
    const { vocabulary, linear } = fitLinear(train, classIndex, options);
    for (const e of test)
      out.push({
        logits: logits(linear, vocabulary.vectorise(e.text)),
        label: classIndex.get(e.department) ?? 0,
        department: e.department,
      });
  }
  return out;
}

/** Figures at a threshold for held-out predictions already turned into probabilities. */
export function figuresAt(
  scored: readonly { department: string; probabilities: Float64Array }[],
  classes: readonly string[],
  threshold: number,
  folds: number,
): CrossValidation {
  const perDepartment: Record<string, DepartmentFigures> = {};
  const figure = (d: string) =>
    (perDepartment[d] ??= { examples: 0, proposed: 0, correct: 0, precision: 0, recall: 0 });
  let proposed = 0;
  let correct = 0;
  let top1 = 0;
  let top3 = 0;
  const guesses = scored.map(({ department, probabilities: p }) => {
    const ranked = [...p.keys()].sort((a, b) => p[b] - p[a] || a - b);
    const first = classes[ranked[0]];
    const right = first === department;
    figure(department).examples += 1;
    if (right) top1 += 1;
    if (ranked.slice(0, 3).some((c) => classes[c] === department)) top3 += 1;
    if (p[ranked[0]] >= threshold) {
      proposed += 1;
      figure(first).proposed += 1;
      if (right) {
        correct += 1;
        figure(first).correct += 1;
      }
    }
    return { confidence: p[ranked[0]], correct: right };
  });
  for (const f of Object.values(perDepartment)) {
    f.precision = ratio(f.correct, f.proposed);
    f.recall = ratio(f.correct, f.examples);
  }
  const n = scored.length;
  return {
    folds,
    examples: n,
    threshold: round4(threshold),
    precision: ratio(correct, proposed),
    coverage: ratio(proposed, n),
    recall: ratio(correct, n),
    top1Accuracy: ratio(top1, n),
    top3Accuracy: ratio(top3, n),
    calibrationError: round4(expectedCalibrationError(guesses)),
    perDepartment: Object.fromEntries(Object.entries(perDepartment).sort(([a], [b]) => a.localeCompare(b))),
  };
}

const round4 = (x: number) => Math.round(x * 1e4) / 1e4;
const ratio = (a: number, b: number) => (b === 0 ? 0 : round4(a / b));

function trainingWindow(examples: readonly LabelledText[]): { from: string; to: string } | null {
  const times = examples
    .map((e) => e.at)
    .filter((a): a is string => typeof a === 'string' && !Number.isNaN(Date.parse(a)))
    .sort((a, b) => Date.parse(a) - Date.parse(b));
  return times.length ? { from: times[0], to: times[times.length - 1] } : null;
}

/**
 * Train a department classifier on decided appeals. With folds, every positive example is first scored by a
 * model that did not see it: those held-out scores fit the temperature (calibration), choose the threshold
 * and give the figures recorded in the model's metadata. Then one model is trained on everything.
 */
export function trainTextModel(examples: readonly LabelledText[], overrides: TrainOverrides = {}): TextModel {
  const options = trainingOptions(overrides);
  const positives = examples.filter((e) => !e.returned);
  if (positives.length === 0) throw new Error('training: no accepted or dispatched examples');
  const classes = [...new Set(examples.map((e) => e.department))].sort();
  const classIndex = new Map(classes.map((c, i) => [c, i]));
  let temperature = 1;
  let threshold = options.defaultThreshold;
  let crossValidation: CrossValidation | undefined;
  if (options.folds >= 2) {
    const held = heldOutPredictions(examples, classIndex, options);
    temperature = fitTemperature(held);
    const scored = held.map((h) => ({
      department: h.department,
      probabilities: softmaxInPlace(Float64Array.from(h.logits), temperature),
    }));
    const guesses = scored.map((s) => {
      const best = Math.max(...s.probabilities);
      return { confidence: best, correct: classes[s.probabilities.indexOf(best)] === s.department };
    });
    threshold = chooseThreshold(guesses, options.targetPrecision, options.minThreshold).threshold;
    crossValidation = figuresAt(scored, classes, threshold, options.folds);
  }
  const { vocabulary, linear } = fitLinear(examples, classIndex, options);
  const perDepartment: Record<string, number> = {};
  for (const c of classes) perDepartment[c] = 0;
  for (const e of positives) perDepartment[e.department] += 1;
  return TextModel.build(classes, vocabulary, linear, {
    algorithm: options.algorithm,
    seed: options.seed,
    trainingWindow: trainingWindow(examples),
    examples: positives.length,
    returnedExamples: examples.length - positives.length,
    perDepartment,
    temperature: round4(temperature),
    threshold: round4(threshold),
    crossValidation,
  });
}
