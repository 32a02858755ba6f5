/*
 * The upper tail of the negative binomial: what a day's count is tested against (docs/decisions/036-hotspots.md).
 * A count with a Poisson rate λ that is itself only estimated from the baseline (a Gamma(shape, rate) belief about λ)
 * is negative-binomially distributed; its tail is wider than a Poisson's with λ fixed, most of all where the baseline
 * is short or small, which is where a plain Poisson test raises false alarms.
 */

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/** ln Γ(x) for x > 0 (Lanczos, g = 7): about 15 significant digits, plenty for p-values. */
export function logGamma(x: number): number {
  if (!(x > 0)) throw new RangeError(`logGamma needs x > 0, got ${x}`);
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i += 1) a += LANCZOS[i] / (z + i);
  const t = z + 7.5;
  return HALF_LOG_TWO_PI + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/**
 * P(X ≥ x) for X ~ NegBin(r, p): P(X = k) = Γ(k + r) / (Γ(r) k!) · p^r · (1 − p)^k, mean r(1 − p)/p. Summed from x
 * upwards (not 1 − the lower sum), so p-values of 1e-12 keep their digits.
 */
export function negativeBinomialUpperTail(x: number, r: number, p: number): number {
  if (!Number.isInteger(x) || x < 0) throw new RangeError(`x must be a count, got ${x}`);
  if (!(r > 0) || !(p > 0) || !(p <= 1)) throw new RangeError(`bad negative binomial (r ${r}, p ${p})`);
  if (x === 0) return 1;
  if (p === 1) return 0;
  const q = 1 - p;
  let term = Math.exp(logGamma(x + r) - logGamma(x + 1) - logGamma(r) + r * Math.log(p) + x * Math.log(q));
  let sum = 0;
  for (let k = x; k < x + 100_000; k += 1) {
    sum += term;
    const next = (term * (k + r) * q) / (k + 1);
    // Past the mode the terms shrink geometrically (by less than q each); stop once they no longer matter.
    if (next < sum * 1e-17 && (k + r) * q < k + 1) break;
    term = next;
  }
  return Math.min(1, sum);
}

/** P(X ≥ x) for X ~ Poisson(λ): the limit of the above as the baseline grows, kept for the tests and the note. */
export function poissonUpperTail(x: number, lambda: number): number {
  if (x <= 0) return 1;
  let term = Math.exp(-lambda + x * Math.log(lambda) - logGamma(x + 1));
  let sum = 0;
  for (let k = x; k < x + 100_000; k += 1) {
    sum += term;
    const next = (term * lambda) / (k + 1);
    if (next < sum * 1e-17 && lambda < k + 1) break;
    term = next;
  }
  return Math.min(1, sum);
}
