import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extendedCorpus } from './extended/generate';
import { labelledCorpus, scoreLearned } from './learned-evaluation';
import departments from '../../libs/shared/src/seed/departments.json';

describe('extended labelled corpus', () => {
  const corpus = labelledCorpus();

  it('has at least 1,500 messages over every department of the catalogue, with a fixed split', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(1500);
    const seen = new Set(corpus.map((m) => m.expected.department));
    for (const d of departments.departments) expect(seen).toContain(d.code);
    const test = corpus.filter((m) => m.split === 'test').length;
    expect(test / corpus.length).toBeGreaterThan(0.2);
    expect(test / corpus.length).toBeLessThan(0.3);
  });

  it('is exactly what the generator writes (npm run -s corpus)', () => {
    const file = readFileSync(join(__dirname, 'appeals-extended.jsonl'), 'utf8');
    expect(file).toBe(
      `${extendedCorpus()
        .map((l) => JSON.stringify(l))
        .join('\n')}\n`,
    );
  });
});

describe('learned routing on the fixed test split', () => {
  const s = scoreLearned();

  it('proposes a department for at least 90 % of test messages, at least 85 % of them right', () => {
    expect(s.learned.messages).toBeGreaterThan(350);
    expect(s.learned.coverage).toBeGreaterThanOrEqual(0.9);
    expect(s.learned.precision).toBeGreaterThanOrEqual(0.85);
  });

  it('rules first, then the model, routes more messages rightly than the rules alone', () => {
    expect(s.combined.correct).toBeGreaterThan(s.rules.correct);
    expect(s.combined.coverage).toBeGreaterThan(s.rules.coverage);
    expect(s.combined.coverage).toBeGreaterThan(s.learned.coverage);
    expect(s.combined.precision).toBeGreaterThanOrEqual(0.85);
  });

  it('has confidences that are honest on held-out text: mean confidence within 5 points of precision', () => {
    expect(Math.abs(s.meanConfidence - s.learned.precision)).toBeLessThan(0.05);
  });
});

describe('learned routing when no test issue was trained on (split by bank issue)', () => {
  const s = scoreLearned('issue');

  it('rules first, then the model, routes more messages rightly than either alone', () => {
    expect(s.combined.correct).toBeGreaterThan(s.rules.correct);
    expect(s.combined.correct).toBeGreaterThan(s.learned.correct);
  });
});
