import { KeywordRuleEngine, type KeywordRule } from './keyword-rule-engine';

const rule = (id: string, priority: number, keywords: string[], departmentCode = id): KeywordRule => ({
  id,
  name: id,
  keywords,
  departmentCode,
  priority,
  grade: 'general',
});

describe('KeywordRuleEngine', () => {
  it('lets the lowest priority number win and explains every match', () => {
    const engine = new KeywordRuleEngine(3, [rule('noise', 60, ['噪音']), rule('property', 40, ['物业'])]);
    const out = engine.evaluate('小区物业不管楼下噪音');
    expect(out.winner?.rule.id).toBe('property');
    expect(out.matches.map((m) => m.rule.id)).toEqual(['property', 'noise']);
    expect(out.explanation[0]).toContain('won: rule property');
    expect(out.explanation[1]).toContain('matched: rule noise');
  });

  it('breaks priority ties by keyword count, then keyword length, then id', () => {
    const engine = new KeywordRuleEngine(1, [
      rule('b', 50, ['停车']),
      rule('a', 50, ['停车']),
      rule('c', 50, ['违章停车', '乱停车']),
    ]);
    expect(engine.evaluate('违章停车和乱停车').winner?.rule.id).toBe('c');
    expect(engine.evaluate('停车').winner?.rule.id).toBe('a');
  });

  it('finds nothing in unrelated text', () => {
    const engine = new KeywordRuleEngine(1, [rule('a', 1, ['物业'])]);
    const out = engine.evaluate('咨询办事时间');
    expect(out.winner).toBeUndefined();
    expect(out.explanation).toEqual([]);
  });

  it('shares keywords between rules', () => {
    const engine = new KeywordRuleEngine(1, [rule('a', 2, ['燃气']), rule('b', 1, ['燃气', '泄漏'])]);
    const out = engine.evaluate('燃气泄漏');
    expect(out.winner?.rule.id).toBe('b');
    expect(out.matches).toHaveLength(2);
  });
});
