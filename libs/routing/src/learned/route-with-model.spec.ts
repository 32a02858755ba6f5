import { type AppealItemV1 } from '@minsheng/shared/contracts';
import { sampleItem } from '../../../../test/fixtures/appeal-item';
import { routeItem } from '../route-item';
import { seedRoutingContext } from '../reference/seed-context';
import { type LearnedRouting, type Suggester } from './suggester';
import { routeWithModel } from './route-with-model';

/** A model that always answers the same ranking: what is tested here is how routing uses it. */
function fixed(ranking: [string, number][]): Suggester {
  return {
    version: 'tm-test0001',
    suggest: (_text, limit = 5) =>
      ranking.slice(0, limit).map(([department, confidence]) => ({ department, confidence })),
    explain: (text) => [{ ngram: text.slice(0, 2), weight: 1 }],
  };
}

const now = new Date('2026-11-20T02:00:00Z');
const ctx = seedRoutingContext();
const learned = (ranking: [string, number][], extra: Partial<LearnedRouting> = {}): LearnedRouting => ({
  suggester: fixed(ranking),
  threshold: 0.5,
  ...extra,
});
/** Nothing in the default pack matches this text; the place is a trusted county and town. */
const unmatched = (overrides: Partial<AppealItemV1> = {}) =>
  sampleItem({
    title: undefined,
    content: '临泉县城关镇，上次说的那个事情拖了很久了，到现在没有结果。',
    ...overrides,
  });

describe('routeWithModel', () => {
  it('is routeItem when there is no model', () => {
    const item = unmatched();
    expect(routeWithModel(item, ctx, now)).toEqual(routeItem(item, ctx, now));
    expect(routeItem(item, ctx, now)).toMatchObject({ mode: 'triage', reason: 'no_department' });
  });

  it('routes an item no rule decides to the model’s department at or above the threshold, saying why', () => {
    const d = routeWithModel(
      unmatched(),
      {
        ...ctx,
        suggester: learned([
          ['culture-tourism-sports', 0.82],
          ['health', 0.1],
        ]),
      },
      now,
    );
    expect(d).toMatchObject({
      mode: 'auto',
      lead: { department: 'culture-tourism-sports', level: 'county', unitName: '临泉县文化旅游体育局' },
      modelVersion: 'tm-test0001',
      suggestions: [
        { department: 'culture-tourism-sports', confidence: 0.82 },
        { department: 'health', confidence: 0.1 },
      ],
    });
    expect(d.reason).toBeUndefined();
    expect(d.dueAt).toBeDefined();
    expect(d.explanation.join('\n')).toMatch(
      /model tm-test0001: culture-tourism-sports \(confidence 0\.82 ≥ 0\.5\), from 「临泉」/,
    );
  });

  it('sends it to triage with the ranked suggestions below the threshold, with no lead', () => {
    const d = routeWithModel(
      unmatched(),
      {
        ...ctx,
        suggester: learned([
          ['health', 0.41],
          ['civil-affairs', 0.3],
        ]),
      },
      now,
    );
    expect(d).toMatchObject({ mode: 'triage', reason: 'no_department', modelVersion: 'tm-test0001' });
    expect(d.lead).toBeUndefined();
    expect(d.suggestions?.map((s) => s.department)).toEqual(['health', 'civil-affairs']);
    expect(d.explanation.at(-1)).toBe('model tm-test0001: best health (0.41) below the threshold 0.5');
  });

  it('applies a per-department threshold in place of the global one', () => {
    const sure = learned([['health', 0.7]], { perDepartment: { health: 0.9 } });
    expect(routeWithModel(unmatched(), { ...ctx, suggester: sure }, now).mode).toBe('triage');
    const lenient = learned([['health', 0.4]], { perDepartment: { health: 0.3 } });
    expect(routeWithModel(unmatched(), { ...ctx, suggester: lenient }, now).mode).toBe('auto');
  });

  it('never suggests a department that returned the ticket, nor one outside the catalogue', () => {
    const d = routeWithModel(
      unmatched(),
      {
        ...ctx,
        suggester: learned([
          ['health', 0.8],
          ['courts', 0.1],
          ['civil-affairs', 0.06],
        ]),
      },
      now,
      { exclude: ['health'] },
    );
    expect(d.suggestions).toEqual([{ department: 'civil-affairs', confidence: 0.06 }]);
    expect(d.mode).toBe('triage');
  });

  it('keeps a rule’s decision and flags a confident disagreement', () => {
    const item = sampleItem();
    const ruled = routeItem(item, ctx, now);
    expect(ruled.lead?.department).toBe('housing-construction');
    const agree = routeWithModel(item, { ...ctx, suggester: learned([['housing-construction', 0.95]]) }, now);
    expect(agree).toEqual({ ...ruled, modelVersion: 'tm-test0001' });
    const disagree = routeWithModel(item, { ...ctx, suggester: learned([['market-regulation', 0.95]]) }, now);
    expect(disagree).toMatchObject({ mode: 'auto', lead: ruled.lead, modelDisagrees: true });
    expect(disagree.explanation.at(-1)).toBe(
      'model tm-test0001 disagrees: market-regulation (0.95); the rule decides',
    );
    const unsure = routeWithModel(item, { ...ctx, suggester: learned([['market-regulation', 0.6]]) }, now);
    expect(unsure.modelDisagrees).toBeUndefined();
  });

  it('does not route a complaint without a trusted place; the unit is suggested to a person', () => {
    const item = unmatched({
      content: '上次说的那个事情拖了很久了，到现在没有结果。',
      appealType: 'complaint',
    });
    const d = routeWithModel(item, { ...ctx, suggester: learned([['culture-tourism-sports', 0.9]]) }, now);
    expect(d).toMatchObject({
      mode: 'triage',
      reason: 'no_jurisdiction',
      lead: { department: 'culture-tourism-sports', level: 'city' },
    });
    const asked = routeWithModel(
      { ...item, appealType: 'consult' },
      { ...ctx, suggester: learned([['culture-tourism-sports', 0.9]]) },
      now,
    );
    expect(asked).toMatchObject({ mode: 'auto', lead: { level: 'city' } });
  });
});
