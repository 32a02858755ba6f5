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

/**
 * `length`: how many of x's entries are set (a reused buffer's first ones). Blocks of eight or four classes are
 * summed in locals, not in `out`: a store and reload per weight made this loop twice as slow. Each class still
 * adds its terms in feature order, so the scores are the same doubles as a plain feature-by-class loop.
 */
export function logits(
  model: LinearWeights,
  x: SparseVector,
  out: Float64Array = new Float64Array(model.classes),
  length = x.indices.length,
): Float64Array {
  const C = model.classes;
  const w = model.weights;
  const bias = model.bias;
  const indices = x.indices;
  const values = x.values;
  let c = 0;
  for (; c + 8 <= C; c += 8) {
    let s0 = bias[c];
    let s1 = bias[c + 1];
    let s2 = bias[c + 2];
    let s3 = bias[c + 3];
    let s4 = bias[c + 4];
    let s5 = bias[c + 5];
    let s6 = bias[c + 6];
    let s7 = bias[c + 7];
    for (let k = 0; k < length; k += 1) {
      const at = indices[k] * C + c;
      const v = values[k];
      s0 += w[at] * v;
      s1 += w[at + 1] * v;
      s2 += w[at + 2] * v;
      s3 += w[at + 3] * v;
      s4 += w[at + 4] * v;
      s5 += w[at + 5] * v;
      s6 += w[at + 6] * v;
      s7 += w[at + 7] * v;
    }
    out[c] = s0;
    out[c + 1] = s1;
    out[c + 2] = s2;
    out[c + 3] = s3;
    out[c + 4] = s4;
    out[c + 5] = s5;
    out[c + 6] = s6;
    out[c + 7] = s7;
  }
  for (; c + 4 <= C; c += 4) {
    let s0 = bias[c];
    let s1 = bias[c + 1];
    let s2 = bias[c + 2];
    let s3 = bias[c + 3];
    for (let k = 0; k < length; k += 1) {
      const at = indices[k] * C + c;
      const v = values[k];
      s0 += w[at] * v;
      s1 += w[at + 1] * v;
      s2 += w[at + 2] * v;
      s3 += w[at + 3] * v;
    }
    out[c] = s0;
    out[c + 1] = s1;
    out[c + 2] = s2;
    out[c + 3] = s3;
  }
  for (; c < C; c += 1) {
    let s = bias[c];
    for (let k = 0; k < length; k += 1) s += w[indices[k] * C + c] * values[k];
    out[c] = s;
  }
  return out;
}

/**
 * A model's weights as the integers they are stored as (weight × scale), in 32-bit floats, which hold such
 * integers exactly: a row of twenty classes is 80 bytes where a row of doubles is 160, and the rows a text reads
 * are scattered over the whole matrix, so scoring is bound by cache misses more than by arithmetic (suggest ~8 %
 * faster). Int16Array rows were smaller still but slower: V8 converts each element on load.
 */
export interface QuantisedWeights {
  classes: number;
  weights: Float32Array;
  scale: number;
  bias: Float64Array;
}

/** undefined when some weight is not an integer multiple of 1/scale that a float32 holds exactly (|k| ≤ 2²⁴). */
export function quantise(model: LinearWeights, scale: number): QuantisedWeights | undefined {
  const weights = new Float32Array(model.weights.length);
  for (let i = 0; i < weights.length; i += 1) {
    const k = Math.round(model.weights[i] * scale);
    if (Math.abs(k) > 1 << 24 || k / scale !== model.weights[i]) return undefined;
    weights[i] = k;
  }
  return { classes: model.classes, weights, scale, bias: model.bias };
}

/**
 * logits over quantised weights: each class sums k·v in feature order and divides by the scale once, so a score
 * can differ from logits' in the last bit (the model's confidences are rounded to four digits).
 */
export function quantisedLogits(
  model: QuantisedWeights,
  x: SparseVector,
  out: Float64Array,
  length: number,
): Float64Array {
  const C = model.classes;
  const w = model.weights;
  const indices = x.indices;
  const values = x.values;
  const scale = model.scale;
  let c = 0;
  for (; c + 4 <= C; c += 4) {
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let k = 0; k < length; k += 1) {
      const at = indices[k] * C + c;
      const v = values[k];
      s0 += w[at] * v;
      s1 += w[at + 1] * v;
      s2 += w[at + 2] * v;
      s3 += w[at + 3] * v;
    }
    out[c] = model.bias[c] + s0 / scale;
    out[c + 1] = model.bias[c + 1] + s1 / scale;
    out[c + 2] = model.bias[c + 2] + s2 / scale;
    out[c + 3] = model.bias[c + 3] + s3 / scale;
  }
  for (; c < C; c += 1) {
    let s = 0;
    for (let k = 0; k < length; k += 1) s += w[indices[k] * C + c] * values[k];
    out[c] = model.bias[c] + s / scale;
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
