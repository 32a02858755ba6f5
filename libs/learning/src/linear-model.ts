import { type SparseVector } from './vocabulary';

/**
 * Scores of one text for every class: bias + x·W. Weights are feature-major (feature f, class c at f·C + c) so a
 * document's few hundred features read contiguous rows.
 */
export interface LinearWeights {
  classes: number;
  features: number;
  weights: Float64Array;
  bias: Float64Array;
}

/** One training example: a department it belongs to, or (negative) one it was returned by. */
export interface TrainingRow {
  x: SparseVector;
  label: number;
  weight: number;
  negative: boolean;
}

/** `length`: how many of x's entries are set (a reused buffer's first ones). */
export function logits(
  model: LinearWeights,
  x: SparseVector,
  out: Float64Array = new Float64Array(model.classes),
  length = x.indices.length,
): Float64Array {
  const C = model.classes;
  out.set(model.bias);
  for (let k = 0; k < length; k += 1) {
    const base = x.indices[k] * C;
    const v = x.values[k];
    for (let c = 0; c < C; c += 1) out[c] += model.weights[base + c] * v;
  }
  return out;
}

/** In place; `temperature` > 1 softens, < 1 sharpens. */
export function softmaxInPlace<T extends Float64Array>(z: T, temperature = 1): T {
  let max = -Infinity;
  for (let c = 0; c < z.length; c += 1) max = Math.max(max, z[c]);
  let sum = 0;
  for (let c = 0; c < z.length; c += 1) {
    z[c] = Math.exp((z[c] - max) / temperature);
    sum += z[c];
  }
  for (let c = 0; c < z.length; c += 1) z[c] /= sum;
  return z;
}

/**
 * Subtracting a per-feature constant across classes adds the same amount to every class score, which softmax
 * ignores; centring makes the stored weights small and each one readable as "for this class versus the rest".
 */
export function centreFeatures(model: LinearWeights): void {
  const C = model.classes;
  for (let f = 0; f < model.features; f += 1) {
    let mean = 0;
    for (let c = 0; c < C; c += 1) mean += model.weights[f * C + c];
    mean /= C;
    for (let c = 0; c < C; c += 1) model.weights[f * C + c] -= mean;
  }
}
