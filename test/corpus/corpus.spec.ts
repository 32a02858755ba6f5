import { scoreCorpus } from './corpus-evaluation';

describe('default rule pack on the labelled corpus', () => {
  const score = scoreCorpus();

  it('routes at least 80 % automatically', () => {
    expect(score.items).toBe(300);
    expect(score.autoRate).toBeGreaterThanOrEqual(0.8);
  });

  it('sends at least 90 % of the automatic ones to the right department', () => {
    expect(score.autoPrecision).toBeGreaterThanOrEqual(0.9);
  });

  it('sends most appeals that need a person to triage', () => {
    expect(score.triageCorrect / score.triageExpected).toBeGreaterThanOrEqual(0.7);
  });
});
