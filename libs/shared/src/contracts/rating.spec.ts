import { parseRating } from './rating';

describe('parseRating (好差评 labels)', () => {
  it('reads the three verdicts in Chinese or English, spacing aside', () => {
    expect(
      ['满意', ' 基本满意 ', '不 满 意', 'satisfied', 'Basically_Satisfied', 'dissatisfied'].map(parseRating),
    ).toEqual([
      'satisfied',
      'basically_satisfied',
      'dissatisfied',
      'satisfied',
      'basically_satisfied',
      'dissatisfied',
    ]);
  });

  it('does not guess at anything else', () => {
    expect(['', '未评价', '一般', 'ok', undefined].map(parseRating)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});
