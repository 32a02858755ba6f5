import { sampleItem } from '../../../../test/fixtures/appeal-item';
import { seedRoutingContext } from '../reference/seed-context';
import { jurisdictionInput, locate } from './jurisdiction';

const ctx = seedRoutingContext();
const item = sampleItem({
  title: '路灯不亮',
  content: '晚上很黑',
  location: { addressText: '颍州区文峰街道', precision: 'address', origin: 'citizen' },
});

describe('jurisdiction stage', () => {
  it('reads the address, title and content, and the strongest channel hint: board before mailbox before department', () => {
    const both = sampleItem({
      ...item,
      source: { ...item.source, boardId: '5431' },
      targetHint: { mailboxOwner: '市长', deptName: '城管局' },
    });
    expect(jurisdictionInput(both)).toEqual({
      text: '颍州区文峰街道路灯不亮晚上很黑',
      adcode: undefined,
      hint: { kind: 'board', value: '5431', channel: 'hotline_12345' },
    });
    expect(jurisdictionInput({ ...both, source: item.source }).hint?.kind).toBe('mailbox');
    expect(
      jurisdictionInput({ ...both, source: item.source, targetHint: { deptName: '城管局' } }).hint,
    ).toEqual({ kind: 'dept', value: '城管局', channel: 'hotline_12345' });
    expect(jurisdictionInput(item).hint).toBeUndefined();
  });

  it('a place found with the policy confidence is recorded with its codes and explained', () => {
    const located = locate(item, ctx);
    expect(located.trusted).toBe(true);
    expect(located.jurisdiction).toMatchObject({
      county: '颍州区',
      town: '文峰街道',
      codes: { county: '341202', town: '341202002' },
      method: 'gazetteer_text',
    });
    expect(located.explanation.at(-1)).toBe(
      `jurisdiction: 颍州区 / 文峰街道 by gazetteer_text (confidence ${located.place.confidence})`,
    );
  });

  it('below the policy confidence the same place is not dispatched on: no codes, method none, and it says so', () => {
    const strict = { ...ctx, policy: { ...ctx.policy, minConfidence: 1.01 } };
    const located = locate(item, strict);
    expect(located.trusted).toBe(false);
    expect(located.place.county?.code).toBe('341202');
    expect(located.jurisdiction).toEqual({ codes: {}, method: 'none', confidence: located.place.confidence });
    expect(located.explanation.at(-1)).toBe(
      `jurisdiction: not trusted (confidence ${located.place.confidence})`,
    );
  });
});
