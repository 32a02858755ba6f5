import { type LinearWeights, logits, softmaxInPlace, type TrainingRow } from './linear-model';
import { seededRandom, shuffleInPlace } from './prng';

export interface LogisticOptions {
  epochs: number;
  /** L2 strength per example (as in sklearn's SGDClassifier alpha). */
  l2: number;
  /** Initial step; it decays as 1 / (1 + step·l2·t). */
  learningRate: number;
  seed: number;
}

export const DEFAULT_LOGISTIC: LogisticOptions = { epochs: 15, l2: 1e-5, learningRate: 1, seed: 13 };

const MIN_SCALE = 1e-9;
const MAX_RETURNED_PROBABILITY = 1 - 1e-6;

/**
 * Multinomial logistic regression by stochastic gradient descent over sparse TF-IDF rows. L2 decay is a scale
 * factor on the whole matrix (W = scale · stored), so a step costs O(nnz · classes), not O(features · classes).
 *
 * A positive row minimises −log p(label); a negative one (退单: the department returned it) minimises
 * −log(1 − p(label)), pushing that department down for that text and the probability to the others.
 */
export function trainLogistic(
  rows: readonly TrainingRow[],
  classes: number,
  features: number,
  options: LogisticOptions = DEFAULT_LOGISTIC,
): LinearWeights {
  const model: LinearWeights = {
    classes,
    features,
    weights: new Float64Array(features * classes),
    bias: new Float64Array(classes),
  };
  const W = model.weights;
  const random = seededRandom(options.seed);
  const order = rows.map((_, i) => i);
  const z = new Float64Array(classes);
  const g = new Float64Array(classes);
  let scale = 1;
  let t = 0;
  for (let epoch = 0; epoch < options.epochs; epoch += 1) {
    shuffleInPlace(order, random);
    for (const i of order) {
      const row = rows[i];
      const eta = options.learningRate / (1 + options.learningRate * options.l2 * t);
      t += 1;
      // The stored matrix is W / scale; the bias is not decayed.
      logits(model, row.x, z);
      for (let c = 0; c < classes; c += 1) z[c] = (z[c] - model.bias[c]) * scale + model.bias[c];
      const p = softmaxInPlace(z);
      const y = row.label;
      if (row.negative) {
        const py = Math.min(p[y], MAX_RETURNED_PROBABILITY);
        const factor = (row.weight * py) / (1 - py);
        for (let c = 0; c < classes; c += 1) g[c] = factor * ((c === y ? 1 : 0) - p[c]);
      } else {
        for (let c = 0; c < classes; c += 1) g[c] = row.weight * (p[c] - (c === y ? 1 : 0));
      }
      scale *= 1 - eta * options.l2;
      const indices = row.x.indices;
      const values = row.x.values;
      for (let k = 0; k < indices.length; k += 1) {
        const base = indices[k] * classes;
        const step = (eta * values[k]) / scale;
        for (let c = 0; c < classes; c += 1) W[base + c] -= step * g[c];
      }
      for (let c = 0; c < classes; c += 1) model.bias[c] -= eta * g[c];
      if (scale < MIN_SCALE) {
        for (let j = 0; j < W.length; j += 1) W[j] *= scale;
        scale = 1;
      }
    }
  }
  for (let j = 0; j < W.length; j += 1) W[j] *= scale;
  return model;
}
