import fc from 'fast-check';
import { type LinearWeights, logits, quantise, quantisedLogits } from './linear-model';

const model = (classes: number, ks: number[], scale = 1000): LinearWeights => ({
  classes,
  features: ks.length / classes,
  weights: Float64Array.from(ks, (k) => k / scale),
  bias: Float64Array.from({ length: classes }, (_, c) => (c - classes / 2) / 7),
});

describe('quantisedLogits', () => {
  it('scores as logits does, to the last few bits, for any classes, weights and sparse vector', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 23 }),
        fc.integer({ min: 1, max: 40 }),
        fc.array(fc.tuple(fc.nat(), fc.float({ min: 0, max: 1, noNaN: true })), { maxLength: 30 }),
        fc.integer(),
        (C, F, entries, seed) => {
          const ks = Array.from(
            { length: C * F },
            (_, i) => (((seed ^ (i * 2654435761)) >>> 0) % 60001) - 30000,
          );
          const m = model(C, ks);
          const q = quantise(m, 1000);
          expect(q).toBeDefined();
          const x = {
            indices: Int32Array.from(entries, ([f]) => f % F),
            values: Float32Array.from(entries, ([, v]) => v),
          };
          const exact = logits(m, x, new Float64Array(C), entries.length);
          const fast = quantisedLogits(q!, x, new Float64Array(C), entries.length);
          for (let c = 0; c < C; c += 1) expect(Math.abs(fast[c] - exact[c])).toBeLessThan(1e-9);
        },
      ),
    );
  });

  it('is not used for weights that are not whole thousandths or a float32 cannot hold exactly', () => {
    expect(quantise(model(2, [1, 2, 3, 4]), 1000)).toBeDefined();
    expect(quantise(model(2, [1, 2, 3, 20_000_000]), 1000)).toBeUndefined();
    expect(
      quantise({ ...model(2, [1, 2, 3, 4]), weights: Float64Array.of(0.001, 0.0025, 0, 0) }, 1000),
    ).toBeUndefined();
  });
});
