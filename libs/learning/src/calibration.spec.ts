import { chooseThreshold, expectedCalibrationError, fitTemperature } from './calibration';

describe('calibration', () => {
  it('chooses the lowest confidence whose guesses above it are still precise enough, never below the floor', () => {
    const guesses = [
      { confidence: 0.95, correct: true },
      { confidence: 0.9, correct: true },
      { confidence: 0.8, correct: true },
      { confidence: 0.7, correct: false },
      { confidence: 0.6, correct: true },
      { confidence: 0.5, correct: false },
      { confidence: 0.2, correct: false },
    ];
    expect(chooseThreshold(guesses, 0.8, 0.3)).toEqual({ threshold: 0.6, precision: 0.8, coverage: 5 / 7 });
    expect(chooseThreshold(guesses, 0.8, 0.65).threshold).toBe(0.8);
    expect(chooseThreshold(guesses, 1.01, 0.3)).toEqual({ threshold: 1, precision: 0, coverage: 0 });
  });

  it('softens logits that are overconfident and sharpens ones that are timid', () => {
    // Right 75 % of the time with a logit margin of 10: far too sure, so the temperature goes above 1.
    const sure = Array.from({ length: 100 }, (_, i) => ({
      logits: Float64Array.from([10, 0]),
      label: i % 4 === 0 ? 1 : 0,
    }));
    expect(fitTemperature(sure)).toBeGreaterThan(2);
    // Always right with a margin of 0.5: too timid, so it goes below 1.
    const timid = Array.from({ length: 100 }, () => ({ logits: Float64Array.from([0.5, 0]), label: 0 }));
    expect(fitTemperature(timid)).toBeLessThan(0.2);
  });

  it('measures calibration error as the gap between confidence and accuracy', () => {
    const calibrated = [0, 1, 2, 3].map((i) => ({ confidence: 0.75, correct: i > 0 }));
    expect(expectedCalibrationError(calibrated)).toBeCloseTo(0, 10);
    expect(expectedCalibrationError([{ confidence: 0.9, correct: false }])).toBeCloseTo(0.9, 10);
  });
});
