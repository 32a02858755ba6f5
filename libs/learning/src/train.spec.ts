import { parseHistory } from './history';
import { TextModel } from './text-model';
import { trainTextModel } from './train';
import { type LabelledText } from './types';

/** Small, but with the usual shape: a few departments, their words, shared filler. */
function history(): LabelledText[] {
  const topics: Record<string, string[]> = {
    'urban-management': ['路灯不亮', '流动摊贩占道', '垃圾没人清运', '井盖丢了', '乱贴小广告'],
    'utility-water': ['停水没有通知', '自来水发黄', '水压太低', '水费太高', '水管爆了'],
    'public-security': ['广场舞噪音扰民', '电动车被偷', '改装车炸街', '身份证补办', '有人聚众赌博'],
  };
  const fillers = ['请尽快处理', '希望有关部门管一管', '已经反映过好几次', '谢谢', '周围邻居意见很大'];
  const places = ['颍州区', '太和县', '临泉县城关镇', '我们小区', '村里'];
  const out: LabelledText[] = [];
  for (const [department, phrases] of Object.entries(topics))
    phrases.forEach((p, i) =>
      places.forEach((place, j) =>
        out.push({ text: `${place}${p}，${fillers[(i + j) % fillers.length]}。`, department }),
      ),
    );
  return out;
}

describe('trainTextModel', () => {
  const model = trainTextModel(history(), { folds: 3 });

  it('ranks the department whose words the text uses first, with probabilities that sum to one', () => {
    const ranked = model.suggest('我家楼下的路灯不亮了', 3);
    expect(ranked[0].department).toBe('urban-management');
    expect(ranked.map((s) => s.confidence)).toEqual(
      [...ranked.map((s) => s.confidence)].sort((a, b) => b - a),
    );
    const all = model.suggest('我家楼下的路灯不亮了', 10);
    expect(all.reduce((s, x) => s + x.confidence, 0)).toBeCloseTo(1, 2);
    expect(model.suggest('自来水发黄还有味道', 1)[0].department).toBe('utility-water');
  });

  it('explains a suggestion by the n-grams that carried it', () => {
    const grams = model.explain('我家楼下的路灯不亮了', 'urban-management').map((c) => c.ngram);
    expect(grams.length).toBeGreaterThan(0);
    expect(grams.every((g) => '路灯不亮'.includes(g))).toBe(true);
    expect(grams.some((g) => g.includes('灯'))).toBe(true);
    expect(model.explain('路灯', 'no-such-department')).toEqual([]);
  });

  it('records version metadata: counts, held-out figures at the threshold, the window of decisions', () => {
    const dated = history().map((e, i) => ({ ...e, at: `2026-0${1 + (i % 9)}-15T08:00:00+08:00` }));
    const m = trainTextModel(dated, { folds: 3 });
    expect(m.meta).toMatchObject({
      algorithm: 'logistic',
      examples: 75,
      returnedExamples: 0,
      perDepartment: { 'urban-management': 25, 'utility-water': 25, 'public-security': 25 },
      trainingWindow: { from: '2026-01-15T08:00:00+08:00', to: '2026-09-15T08:00:00+08:00' },
    });
    const cv = m.meta.crossValidation;
    expect(cv?.folds).toBe(3);
    expect(cv?.examples).toBe(75);
    expect(cv?.precision).toBeGreaterThan(0.8);
    expect(cv?.threshold).toBe(m.threshold);
    expect(Object.keys(cv?.perDepartment ?? {})).toHaveLength(3);
  });

  it('is deterministic for a seed: same data, same version, same numbers', () => {
    const again = trainTextModel(history(), { folds: 3 });
    expect(again.version).toBe(model.version);
    expect(again.suggest('电动车被偷了')).toEqual(model.suggest('电动车被偷了'));
    expect(trainTextModel(history(), { folds: 3, seed: 7 }).version).not.toBe(model.version);
  });

  it('round-trips through JSON with the same suggestions and explanations', () => {
    const restored = TextModel.fromJSON(
      JSON.parse(JSON.stringify(model.toJSON())) as ReturnType<TextModel['toJSON']>,
    );
    expect(restored.version).toBe(model.version);
    for (const text of ['路灯坏了', '水费怎么这么高', '半夜炸街'])
      expect(restored.suggest(text)).toEqual(model.suggest(text));
    expect(restored.explain('路灯坏了', 'urban-management')).toEqual(
      model.explain('路灯坏了', 'urban-management'),
    );
  });

  it('takes returned (退单) decisions as evidence against that department for that text', () => {
    const text = '小区门口的井盖丢了，水管也爆了';
    const before = trainTextModel(history(), { folds: 0 });
    const returned: LabelledText[] = Array.from({ length: 5 }, () => ({
      text,
      department: 'urban-management',
      returned: true,
    }));
    const after = trainTextModel([...history(), ...returned], { folds: 0 });
    const p = (m: TextModel) =>
      m.suggest(text, 10).find((s) => s.department === 'urban-management')?.confidence ?? 0;
    expect(p(after)).toBeLessThan(p(before));
    expect(after.meta.returnedExamples).toBe(5);
  });

  it('prunes the vocabulary by document frequency and caps it', () => {
    const capped = trainTextModel(history(), { folds: 0, vocabulary: { maxFeatures: 50 } });
    expect(capped.meta.vocabularySize).toBe(50);
    const rare = trainTextModel(history(), { folds: 0, vocabulary: { minDocumentFrequency: 1 } });
    expect(rare.meta.vocabularySize).toBeGreaterThan(model.meta.vocabularySize);
  });

  it('trains complement naive Bayes as the alternative', () => {
    const nb = trainTextModel(history(), { folds: 3, algorithm: 'complement-nb' });
    expect(nb.suggest('广场舞太吵了', 1)[0].department).toBe('public-security');
  });

  it('refuses a history with nothing accepted', () => {
    expect(() => trainTextModel([{ text: '路灯', department: 'x', returned: true }])).toThrow(/no accepted/);
  });
});

describe('parseHistory', () => {
  it('reads decided appeals a line, skipping lines that are not one', () => {
    const jsonl = [
      JSON.stringify({ title: '停水', content: '又停水了', department: 'utility-water', county: '341202' }),
      JSON.stringify({
        content: '路灯不亮',
        department: 'urban-management',
        returned: true,
        decidedAt: '2026-03-01',
      }),
      'not json',
      JSON.stringify({ content: '', department: 'x' }),
      JSON.stringify({ content: '没有部门' }),
      '',
    ].join('\n');
    expect(parseHistory(jsonl)).toEqual({
      examples: [
        { text: '停水。又停水了', department: 'utility-water' },
        { text: '路灯不亮', department: 'urban-management', returned: true, at: '2026-03-01' },
      ],
      skipped: 3,
    });
  });
});
