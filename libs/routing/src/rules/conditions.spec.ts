import { compileRuleSet } from './compiled-rule-set';
import type { RuleInput } from './rule-evaluation';
import type { Condition } from './rule-set.schema';

const base: RuleInput = {
  title: '小区物业乱收费',
  content: '其居住的小区物业公司每月多收停车费，业主多次反映无果。',
  address: '阜阳市颍州区清河街道人民路某小区',
  channel: 'hotline_12345',
  appealType: 'complaint',
  codes: { county: '341202', town: '341202001', village: '341202001003' },
  sourceTypeLabel: '投诉',
  sourceDomainLabel: '城乡建设',
  riskFlags: ['repeat_caller'],
  receivedAt: '2026-11-20T15:30:00Z', // Friday 23:30 in Shanghai
};

/** The `because` of a one-rule set whose condition is `when`, or undefined when it does not match. */
function check(when: Condition, input: Partial<RuleInput> = {}): string[] | undefined {
  const set = compileRuleSet(
    { rules: [{ id: 'probe', name: 'probe', priority: 1, enabled: true, when, then: { tags: ['hit'] } }] },
    1,
  );
  return set.evaluate({ ...base, ...input }).matches[0]?.because;
}
const holds = (when: Condition, input: Partial<RuleInput> = {}) => check(when, input) !== undefined;

describe('conditions', () => {
  describe('keywords', () => {
    it('any: one keyword in title or content (the default fields)', () => {
      expect(check({ keywords: { any: ['物业', '电梯'] } })).toEqual(['「物业」 in title+content']);
      expect(holds({ keywords: { any: ['电梯', '暖气'] } })).toBe(false);
    });

    it('all: every keyword, possibly in different fields', () => {
      expect(check({ keywords: { all: ['乱收费', '停车费'] } })).toEqual([
        '「乱收费」 in title',
        '「停车费」 in content',
      ]);
      expect(holds({ keywords: { all: ['乱收费', '电梯'] } })).toBe(false);
    });

    it('none: no listed keyword may occur', () => {
      expect(check({ keywords: { any: ['物业'], none: ['表扬', '感谢'] } })).toEqual([
        '「物业」 in title+content',
        'none of 「表扬」「感谢」 in title+content',
      ]);
      expect(holds({ keywords: { any: ['物业'], none: ['停车费'] } })).toBe(false);
      expect(holds({ keywords: { none: ['表扬'] } })).toBe(true);
    });

    it('in: only the named fields, address only when asked for', () => {
      expect(holds({ keywords: { any: ['清河街道'] } })).toBe(false);
      expect(check({ keywords: { any: ['清河街道'] }, in: ['address'] })).toEqual([
        '「清河街道」 in address',
      ]);
      expect(holds({ keywords: { any: ['乱收费'] }, in: ['content'] })).toBe(false);
      expect(holds({ keywords: { any: ['物业'] } }, { title: undefined })).toBe(true);
    });

    it('ignores letter case', () => {
      expect(check({ keywords: { any: ['WiFi'] } }, { content: '小区wifi信号差' })).toEqual([
        '「WiFi」 in content',
      ]);
      expect(holds({ keywords: { any: ['5g'] } }, { content: '5G基站辐射' })).toBe(true);
    });

    it('counts overlapping keywords', () => {
      expect(holds({ keywords: { all: ['物业', '物业公司', '公司'] } })).toBe(true);
    });
  });

  describe('regex (RE2)', () => {
    it('matches title or content by default, and explains with the matched text', () => {
      expect(check({ regex: '多收.{0,3}费' })).toEqual(['/多收.{0,3}费/ matched 「多收停车费」 in content']);
      expect(holds({ regex: '^小区物业' })).toBe(true);
      expect(holds({ regex: '^其居住' }, { title: 'x' })).toBe(true); // anchors apply per field
      expect(holds({ regex: '人民路' })).toBe(false);
      expect(holds({ regex: '人民路', in: ['address'] })).toBe(true);
      expect(holds({ regex: '(?i)WIFI' }, { content: 'wifi' })).toBe(true);
    });
  });

  it('channel', () => {
    expect(check({ channel: ['mayor_mailbox', 'hotline_12345'] })).toEqual(['channel hotline_12345']);
    expect(holds({ channel: ['mayor_mailbox'] })).toBe(false);
  });

  it('appealType', () => {
    expect(check({ appealType: ['complaint', 'report'] })).toEqual(['appealType complaint']);
    expect(holds({ appealType: ['praise'] })).toBe(false);
  });

  it('jurisdiction: exact codes or prefixes, against county, town and village codes', () => {
    expect(check({ jurisdiction: { codes: ['341202001'] } })).toEqual(['town 341202001']);
    expect(check({ jurisdiction: { prefixes: ['34120200'] } })).toEqual([
      'town 341202001 under 34120200',
      'village 341202001003 under 34120200',
    ]);
    expect(holds({ jurisdiction: { codes: ['341203'], prefixes: ['341204'] } })).toBe(false);
    expect(holds({ jurisdiction: { prefixes: ['3412'] } }, { codes: {} })).toBe(false);
  });

  it('label: the channel’s raw labels, exactly; both lists must hold when both are given', () => {
    expect(check({ label: { sourceType: ['投诉', '举报'] } })).toEqual(['sourceType label 「投诉」']);
    expect(holds({ label: { sourceType: ['投诉'], sourceDomain: ['城乡建设'] } })).toBe(true);
    expect(holds({ label: { sourceType: ['投诉'], sourceDomain: ['教育'] } })).toBe(false);
    expect(holds({ label: { sourceDomain: ['城乡'] } })).toBe(false);
    expect(holds({ label: { sourceType: ['投诉'] } }, { sourceTypeLabel: undefined })).toBe(false);
  });

  it('riskFlags: any / all', () => {
    expect(check({ riskFlags: { any: ['mass_incident', 'repeat_caller'] } })).toEqual([
      'riskFlag repeat_caller',
    ]);
    expect(holds({ riskFlags: { all: ['repeat_caller', 'media'] } })).toBe(false);
    expect(
      holds({ riskFlags: { all: ['repeat_caller', 'media'] } }, { riskFlags: ['media', 'repeat_caller'] }),
    ).toBe(true);
    expect(holds({ riskFlags: { any: ['media'] } }, { riskFlags: [] })).toBe(false);
  });

  describe('timeOfDay (Asia/Shanghai)', () => {
    it('wraps midnight when from > to: 15:30Z is 23:30 in Shanghai', () => {
      expect(check({ timeOfDay: { from: '22:00', to: '06:00' } })).toEqual([
        'received 23:30 Asia/Shanghai, within 22:00–06:00',
      ]);
      expect(
        holds({ timeOfDay: { from: '22:00', to: '06:00' } }, { receivedAt: '2026-11-20T05:59:00+08:00' }),
      ).toBe(true);
      expect(
        holds({ timeOfDay: { from: '22:00', to: '06:00' } }, { receivedAt: '2026-11-20T06:00:00+08:00' }),
      ).toBe(false);
      // 15:30 UTC would be inside 09:00–17:00 if the engine read UTC.
      expect(holds({ timeOfDay: { from: '09:00', to: '17:00' } })).toBe(false);
      expect(holds({ timeOfDay: { from: '23:00', to: '23:45' } })).toBe(true);
    });

    it('never holds for an unreadable time', () => {
      expect(holds({ timeOfDay: { from: '00:00', to: '23:59' } }, { receivedAt: 'soon' })).toBe(false);
      expect(holds({ dayOfWeek: [1, 2, 3, 4, 5, 6, 7] }, { receivedAt: 'soon' })).toBe(false);
    });
  });

  it('dayOfWeek: 1 = Monday … 7 = Sunday, in Shanghai', () => {
    expect(check({ dayOfWeek: [5] })).toEqual(['received on Friday (5) Asia/Shanghai']);
    // 16:30Z on Friday is 00:30 on Saturday in Shanghai.
    expect(holds({ dayOfWeek: [6, 7] }, { receivedAt: '2026-11-20T16:30:00Z' })).toBe(true);
    expect(holds({ dayOfWeek: [6, 7] })).toBe(false);
  });

  describe('all / any / not', () => {
    it('all needs every child, any one of them, not the opposite', () => {
      expect(holds({ all: [{ channel: ['hotline_12345'] }, { appealType: ['complaint'] }] })).toBe(true);
      expect(holds({ all: [{ channel: ['hotline_12345'] }, { appealType: ['help'] }] })).toBe(false);
      expect(holds({ any: [{ channel: ['miniapp'] }, { appealType: ['complaint'] }] })).toBe(true);
      expect(holds({ any: [{ channel: ['miniapp'] }, { appealType: ['help'] }] })).toBe(false);
      expect(holds({ not: { channel: ['miniapp'] } })).toBe(true);
      expect(holds({ not: { channel: ['hotline_12345'] } })).toBe(false);
    });

    it('nests, and explains every part that holds', () => {
      const when: Condition = {
        all: [
          { keywords: { any: ['物业'] } },
          {
            any: [
              { channel: ['miniapp'] },
              { not: { any: [{ appealType: ['praise'] }, { keywords: { any: ['表扬'] } }] } },
              { timeOfDay: { from: '22:00', to: '06:00' } },
            ],
          },
        ],
      };
      expect(check(when)).toEqual([
        '「物业」 in title+content',
        'not (any of (appealType in [praise]; any of 「表扬」 in title+content))',
        'received 23:30 Asia/Shanghai, within 22:00–06:00',
      ]);
      expect(holds(when, { appealType: 'praise', receivedAt: '2026-11-20T12:00:00+08:00' })).toBe(false);
      expect(holds(when, { appealType: 'praise', channel: 'miniapp' })).toBe(true);
      expect(holds({ not: { not: { keywords: { any: ['物业'] } } } })).toBe(true);
    });
  });
});
