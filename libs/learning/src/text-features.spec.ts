import { gramOf, keyOf, ngramKeys, textSegments } from './text-features';

describe('text features', () => {
  it('turns full-width letters and digits half-width, drops digits, phone numbers and stop characters', () => {
    expect(textSegments('ＡＢＣ小区的电梯１２３坏了，电话13912345678！')).toEqual([
      'abc小区电梯',
      '坏',
      '电话',
    ]);
  });

  it('splits at punctuation and spaces so n-grams never cross a clause', () => {
    expect(textSegments('路灯不亮。 晚上黑')).toEqual(['路灯不亮', '晚上黑']);
  });

  it('gives each 1-, 2- and 3-gram one numeric key that maps back to the gram', () => {
    const keys: number[] = [];
    ngramKeys('物业费', (k) => keys.push(k));
    expect(keys.map(gramOf).sort()).toEqual(['业', '业费', '物', '物业', '物业费', '费']);
    expect(keys.map(gramOf).map(keyOf)).toEqual(keys);
  });

  it('reads the same grams in one pass as from the segments', () => {
    const text = 'ＡＢＣ小区的电梯１２３坏了，电话13912345678！我们　Wi-Fi 断了';
    const grams: string[] = [];
    ngramKeys(text, (k) => grams.push(gramOf(k)));
    const expected = textSegments(text).flatMap((s) =>
      [...s].flatMap((_, i) =>
        [s.slice(i, i + 1), s.slice(i, i + 2), s.slice(i, i + 3)].filter((g, n) => g.length === n + 1),
      ),
    );
    expect(grams.sort()).toEqual(expected.sort());
  });
});
