import { type LinearWeights, type TrainingRow } from './linear-model';

export interface ComplementNaiveBayesOptions {
  /** Additive smoothing. */
  alpha: number;
}

export const DEFAULT_COMPLEMENT_NB: ComplementNaiveBayesOptions = { alpha: 0.3 };

/**
 * Complement naive Bayes (Rennie et al. 2003): each class is scored by how unlike the other classes' text it
 * is, which holds up better than plain multinomial NB when departments have very different volumes. A returned
 * row counts in the complement of the department that returned it, that is, as text that is not that department's.
 */
export function trainComplementNaiveBayes(
  rows: readonly TrainingRow[],
  classes: number,
  features: number,
  options: ComplementNaiveBayesOptions = DEFAULT_COMPLEMENT_NB,
): LinearWeights {
  const inClass = new Float64Array(features * classes);
  const extra = new Float64Array(features * classes);
  const all = new Float64Array(features);
  for (const row of rows) {
    for (let k = 0; k < row.x.indices.length; k += 1) {
      const f = row.x.indices[k];
      const v = row.x.values[k] * row.weight;
      if (row.negative) {
        extra[f * classes + row.label] += v;
      } else {
        all[f] += v;
        inClass[f * classes + row.label] += v;
      }
    }
  }
  const weights = new Float64Array(features * classes);
  for (let c = 0; c < classes; c += 1) {
    let total = 0;
    for (let f = 0; f < features; f += 1)
      total += all[f] - inClass[f * classes + c] + extra[f * classes + c] + options.alpha;
    for (let f = 0; f < features; f += 1) {
      const complement = all[f] - inClass[f * classes + c] + extra[f * classes + c] + options.alpha;
      weights[f * classes + c] = -Math.log(complement / total);
    }
  }
  return { classes, features, weights, bias: new Float64Array(classes) };
}
