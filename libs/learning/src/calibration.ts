/** One held-out prediction: the logits of a model that did not see the example, and the true class. */
export interface HeldOutPrediction {
  logits: Float64Array;
  label: number;
}

function negativeLogLikelihood(preds: readonly HeldOutPrediction[], temperature: number): number {
  let total = 0;
  for (const { logits, label } of preds) {
    let max = -Infinity;
    for (const z of logits) max = Math.max(max, z / temperature);
    let sum = 0;
    for (const z of logits) sum += Math.exp(z / temperature - max);
    total += Math.log(sum) + max - logits[label] / temperature;
  }
  return total / Math.max(1, preds.length);
}

/**
 * Temperature scaling (Guo et al. 2017): one number that makes held-out softmax confidences match held-out
 * accuracy, without changing which department ranks first. Golden-section search on log T.
 */
export function fitTemperature(preds: readonly HeldOutPrediction[]): number {
  if (preds.length === 0) return 1;
  let lo = Math.log(0.02);
  let hi = Math.log(50);
  const ratio = (Math.sqrt(5) - 1) / 2;
  let a = hi - ratio * (hi - lo);
  let b = lo + ratio * (hi - lo);
  let fa = negativeLogLikelihood(preds, Math.exp(a));
  let fb = negativeLogLikelihood(preds, Math.exp(b));
  for (let i = 0; i < 60; i += 1) {
    if (fa < fb) {
      hi = b;
      b = a;
      fb = fa;
      a = hi - ratio * (hi - lo);
      fa = negativeLogLikelihood(preds, Math.exp(a));
    } else {
      lo = a;
      a = b;
      fa = fb;
      b = lo + ratio * (hi - lo);
      fb = negativeLogLikelihood(preds, Math.exp(b));
    }
  }
  return Math.exp((lo + hi) / 2);
}

/** A top-1 confidence and whether that department was the right one. */
export interface ScoredGuess {
  confidence: number;
  correct: boolean;
}

export interface ThresholdChoice {
  threshold: number;
  /** Held-out precision and coverage at that threshold. */
  precision: number;
  coverage: number;
}

/**
 * The lowest confidence at which the held-out guesses at or above it are still right at least `targetPrecision`
 * of the time: as many items routed as the wanted precision allows. Never below `floor`, so a tiny history
 * cannot talk the model into routing on a coin toss.
 */
export function chooseThreshold(
  guesses: readonly ScoredGuess[],
  targetPrecision: number,
  floor: number,
): ThresholdChoice {
  const sorted = [...guesses].sort((a, b) => b.confidence - a.confidence);
  let correct = 0;
  let best: ThresholdChoice = { threshold: 1, precision: 0, coverage: 0 };
  for (let i = 0; i < sorted.length; i += 1) {
    if (sorted[i].correct) correct += 1;
    const last = i + 1 === sorted.length || sorted[i + 1].confidence < sorted[i].confidence;
    if (!last || sorted[i].confidence < floor) continue;
    const precision = correct / (i + 1);
    if (precision >= targetPrecision)
      best = { threshold: sorted[i].confidence, precision, coverage: (i + 1) / sorted.length };
  }
  return best;
}

/** Expected calibration error over equal-width confidence bins: 0 means confidence = accuracy. */
export function expectedCalibrationError(guesses: readonly ScoredGuess[], bins = 10): number {
  const count = new Array<number>(bins).fill(0);
  const confidence = new Array<number>(bins).fill(0);
  const correct = new Array<number>(bins).fill(0);
  for (const g of guesses) {
    const b = Math.min(bins - 1, Math.floor(g.confidence * bins));
    count[b] += 1;
    confidence[b] += g.confidence;
    correct[b] += g.correct ? 1 : 0;
  }
  let ece = 0;
  for (let b = 0; b < bins; b += 1)
    if (count[b] > 0) ece += Math.abs(confidence[b] - correct[b]) / Math.max(1, guesses.length);
  return ece;
}
