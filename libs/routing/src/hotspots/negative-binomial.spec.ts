import { logGamma, negativeBinomialUpperTail, poissonUpperTail } from './negative-binomial';

/** P(X ≥ x) by brute force: 1 − the lower terms, each from its own factorials (fine for small x). */
function bruteUpper(x: number, r: number, p: number): number {
  let lower = 0;
  for (let k = 0; k < x; k += 1)
    lower += Math.exp(logGamma(k + r) - logGamma(k + 1) - logGamma(r)) * p ** r * (1 - p) ** k;
  return 1 - lower;
}

describe('negative binomial tail', () => {
  it('computes ln Γ at known points', () => {
    expect(logGamma(1)).toBeCloseTo(0, 12);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 12);
    expect(logGamma(10)).toBeCloseTo(Math.log(362880), 10);
    expect(logGamma(101)).toBeCloseTo(363.73937555556347, 8);
  });

  it.each([
    [3, 2.5, 0.4],
    [10, 60.5, 20 / 21],
    [1, 0.5, 0.95],
  ])('agrees with the brute-force sum at x=%i, r=%f, p=%f', (x, r, p) => {
    expect(negativeBinomialUpperTail(x, r, p)).toBeCloseTo(bruteUpper(x, r, p), 10);
  });

  it('keeps tiny p-values and tends to the Poisson tail as the baseline grows', () => {
    const tail = negativeBinomialUpperTail(40, 10.5 * 1000, 1000 / 1001);
    expect(tail).toBeGreaterThan(0);
    expect(tail).toBeLessThan(1e-10);
    expect(tail / poissonUpperTail(40, 10.5)).toBeCloseTo(1, 1);
    // A short baseline is less sure of its rate: the same count is less surprising.
    expect(negativeBinomialUpperTail(20, 5 * 5 + 0.5, 5 / 6)).toBeGreaterThan(
      negativeBinomialUpperTail(20, 5 * 50 + 0.5, 50 / 51),
    );
    expect(negativeBinomialUpperTail(0, 3, 0.5)).toBe(1);
  });
});
