import seed from '@minsheng/shared/seed/fuyang-divisions.json';
import { COMMON_WORD_VILLAGE_NAMES } from './names';
import {
  Gazetteer,
  JURISDICTION_CONFIDENCE as CONF,
  type AliasEntry,
  type Division,
  type DivisionLevel,
  type HintEntry,
  type JurisdictionResult,
} from './';

const LEVELS: readonly string[] = ['county', 'town', 'village'] satisfies DivisionLevel[];
const isLevel = (level: string): level is DivisionLevel => LEVELS.includes(level);
const divisions: Division[] = seed.map((row) => {
  if (!isLevel(row.level)) throw new Error(`bad level in seed: ${row.level}`);
  return { ...row, level: row.level };
});
const byCode = new Map(divisions.map((d) => [d.code, d]));
const parentOf = (d: Division): Division => {
  const p = byCode.get(d.parentCode);
  if (!p) throw new Error(`no parent for ${d.code}`);
  return p;
};
const counties = divisions.filter((d) => d.level === 'county');
const towns = divisions.filter((d) => d.level === 'town');
const villages = divisions.filter((d) => d.level === 'village');

/** Independent of the implementation: the base name is the name without its committee suffix. */
const baseOf = (name: string): string =>
  name.replace(/(社区居民委员会|社区居委会|居民委员会|居委会|村民委员会|村委会|社区)$/, '');
const plainSuffix = (name: string): string => (/村民委员会$|村委会$/.test(name) ? '村' : '社区');

const ALIASES: AliasEntry[] = [
  { alias: '置地双清湾小区', code: '341202003005', note: '苗庄社区 estate' },
  { alias: '置地双清湾', code: '341202003005' },
];
const HINTS: HintEntry[] = [
  { channel: 'people_board', kind: 'board', value: '1234', code: '341221' },
  { channel: 'mayor_mailbox', kind: 'mailbox', value: '清河街道办', code: '341202003' },
];
const gazetteer = Gazetteer.fromDivisions(divisions, { aliases: ALIASES, hints: HINTS });
const resolve = (text: string, extra: { adcode?: string; hint?: HintEntry } = {}): JurisdictionResult =>
  gazetteer.resolve({ text, ...extra });
const codes = (r: JurisdictionResult) => [r.county?.code, r.town?.code, r.village?.code];

const PLATFORM_EXAMPLE =
  '小区门口有摊贩随意丢垃圾，影响道路卫生，希望相关部门管一管。…… 地址：阜阳城南新区置地双清湾小区';

describe('Gazetteer.resolve — county → town → village', () => {
  describe('admin aliases and POIs', () => {
    it("the platform's own example resolves through the estate alias to 颍州区 / 清河街道 / 苗庄社区", () => {
      expect(resolve(PLATFORM_EXAMPLE)).toEqual({
        county: { code: '341202', name: '颍州区' },
        town: { code: '341202003', name: '清河街道' },
        village: { code: '341202003005', name: '苗庄社区居委会' },
        method: 'alias',
        confidence: CONF.alias,
        evidence: ['alias 「置地双清湾小区」 → 341202003005 苗庄社区居委会 (苗庄社区 estate)'],
      });
    });

    it('without the alias the same text places nothing: 双清 alone is a 2-character name', () => {
      const r = Gazetteer.fromDivisions(divisions).resolve({ text: PLATFORM_EXAMPLE });
      expect(r).toMatchObject({ method: 'none', ambiguous: { level: 'village' } });
      expect(r.confidence).toBeLessThan(0.5);
      expect(r.county).toBeUndefined();
    });

    it('a town-level alias is refined by the text inside its town', () => {
      const g = Gazetteer.fromDivisions(divisions, [{ alias: '城南新区', code: '341202003' }]);
      expect(g.resolve({ text: '阜阳城南新区八里那边' })).toMatchObject({
        town: { code: '341202003' },
        village: { code: '341202003003', name: '八里社区居委会' },
        method: 'alias',
        confidence: CONF.alias,
      });
    });

    it('aliases along one line of descent give the deepest; aliases that disagree give what they share', () => {
      const agree = Gazetteer.fromDivisions(divisions, [
        ...ALIASES,
        { alias: '城南新区', code: '341202003' },
      ]);
      expect(codes(agree.resolve({ text: PLATFORM_EXAMPLE }))).toEqual([
        '341202',
        '341202003',
        '341202003005',
      ]);

      const disagree = Gazetteer.fromDivisions(divisions, [
        ...ALIASES,
        { alias: '城南新区', code: '341202001' },
      ]);
      expect(disagree.resolve({ text: PLATFORM_EXAMPLE })).toMatchObject({
        county: { code: '341202' },
        method: 'alias',
        ambiguous: { level: 'town', candidates: ['341202001', '341202003'] },
      });
      expect(disagree.resolve({ text: PLATFORM_EXAMPLE }).town).toBeUndefined();
    });

    it('a county named in the text against the alias is a contradiction: alias kept, confidence capped', () => {
      const r = resolve('临泉县置地双清湾小区门口');
      expect(codes(r)).toEqual(['341202', '341202003', '341202003005']);
      expect(r.confidence).toBeLessThanOrEqual(CONF.contradictionCap);
      expect(r.evidence.join('\n')).toMatch(/contradiction: 「临泉县」/);
    });

    it('refuses an alias to an unknown code', () => {
      expect(() => Gazetteer.fromDivisions(divisions, { aliases: [{ alias: 'x', code: '341299' }] })).toThrow(
        /unknown/,
      );
    });
  });

  describe('gazetteer names in the text', () => {
    it('a unique village name with its town resolves at every level', () => {
      expect(resolve('颍州区清河街道苗庄')).toMatchObject({
        county: { code: '341202', name: '颍州区' },
        town: { code: '341202003', name: '清河街道' },
        village: { code: '341202003005', name: '苗庄社区居委会' },
        method: 'gazetteer_text',
        confidence: CONF.countyWithLower,
      });
      expect(codes(resolve('清河街道苗庄社区门口'))).toEqual(['341202', '341202003', '341202003005']);
      expect(resolve('清河街道苗庄社区居委会').confidence).toBe(CONF.townWithVillage);
    });

    it('a shared village name given with its town or county picks the right one', () => {
      // 八里 names 8 villages in 7 towns of 5 counties.
      expect(resolve('清河街道八里').village?.code).toBe('341202003003');
      expect(resolve('于集乡八里村').village?.code).toBe('341225207205');
      expect(resolve('太和县三塔镇八里').village?.code).toBe('341222110205');
      expect(resolve('临泉县八里社区').village?.code).toBe('341221003004');
      expect(resolve('口孜镇王庄')).toMatchObject({
        town: { code: '341203100' },
        village: { code: '341203100212' },
      });
      expect(resolve('鹿城镇王庄')).toMatchObject({
        town: { code: '341225120' },
        village: { code: '341225120202' },
      });
    });

    it('every village name shared by several towns, written with its town, picks the right one', () => {
      const byBase = new Map<string, Division[]>();
      for (const v of villages) byBase.set(baseOf(v.name), [...(byBase.get(baseOf(v.name)) ?? []), v]);
      const shared = [...byBase.values()].filter((vs) => vs.length > 1);
      expect(shared.length).toBeGreaterThan(200);
      for (const vs of shared) {
        for (const v of vs) {
          const text = `${parentOf(v).name}${baseOf(v.name)}${plainSuffix(v.name)}`;
          expect([text, resolve(text).village?.code]).toEqual([text, v.code]);
        }
      }
    });

    it('the same bare shared name alone is ambiguous: no village, confidence below 0.5', () => {
      const r = resolve('八里');
      expect(r.county).toBeUndefined();
      expect(r.village).toBeUndefined();
      expect(r.method).toBe('none');
      expect(r.confidence).toBeLessThan(0.5);
      expect(r.ambiguous).toEqual({
        level: 'village',
        candidates: villages.filter((v) => baseOf(v.name) === '八里').map((v) => v.code),
      });
    });

    it('every bare 2-character name shared by several villages is ambiguous on its own', () => {
      const places = new Set(
        [...counties, ...towns].map((d) => d.name.replace(/(县|区|市|回族乡|街道|镇|乡)$/, '')),
      );
      const byBase = new Map<string, string[]>();
      for (const v of villages) byBase.set(baseOf(v.name), [...(byBase.get(baseOf(v.name)) ?? []), v.code]);
      const cases = [...byBase].filter(
        ([base, vs]) =>
          vs.length > 1 && base.length === 2 && !places.has(base) && !COMMON_WORD_VILLAGE_NAMES.has(base),
      );
      expect(cases.length).toBeGreaterThan(100);
      for (const [base, vs] of cases) {
        const r = resolve(`${base}有人乱倒垃圾`);
        expect([base, r.village, r.confidence < 0.5, r.ambiguous]).toEqual([
          base,
          undefined,
          true,
          { level: 'village', candidates: [...vs].sort() },
        ]);
      }
    });

    it('a shared name with only its county is ambiguous inside that county, which it keeps', () => {
      expect(resolve('太和县八里')).toMatchObject({
        county: { code: '341222' },
        confidence: CONF.countyFull,
        ambiguous: { level: 'village', candidates: ['341222101202', '341222110205'] },
      });
    });

    it('a 2-character name unique in the table still needs its town or county', () => {
      expect(resolve('苗庄')).toMatchObject({
        method: 'none',
        ambiguous: { level: 'village', candidates: ['341202003005'] },
      });
      expect(resolve('苗庄').confidence).toBeLessThan(0.5);
      expect(codes(resolve('颍州区苗庄'))).toEqual(['341202', '341202003', '341202003005']);
    });

    it('a committee name or a 3+ character name unique in the table places the item on its own', () => {
      expect(resolve('张大郢这边路灯坏了')).toMatchObject({
        county: { code: '341202' },
        town: { code: '341202003' },
        village: { code: '341202003012', name: '张大郢社区居委会' },
        confidence: CONF.villageAlone,
      });
      expect(resolve('苗庄社区居委会不作为').village?.code).toBe('341202003005');
    });

    it('two different villages of the named town are ambiguous, the town stands', () => {
      expect(resolve('清河街道苗庄社区和八里社区之间')).toMatchObject({
        town: { code: '341202003' },
        ambiguous: { level: 'village', candidates: ['341202003003', '341202003005'] },
      });
    });

    it('address style: a bare name right after a full town name is its village, even if it is also a place', () => {
      expect(codes(resolve('王店镇王店'))).toEqual(['341202', '341202100', '341202100001']);
      expect(codes(resolve('阜南县段郢乡太和'))).toEqual(['341225', '341225204', '341225204200']);
      expect(resolve('我是太和人')).toMatchObject({ county: { code: '341222' } });
    });

    it('streets, estates and everyday words are not villages', () => {
      expect(resolve('颍州区清河街道苗庄小区')).toMatchObject({ town: { code: '341202003' } });
      expect(resolve('颍州区清河街道苗庄小区').village).toBeUndefined();
      expect(resolve('幸福路上垃圾没人清理')).toEqual({
        method: 'none',
        confidence: 0,
        evidence: ['no place of the gazetteer named in the text'],
      });
      expect(resolve('一起前进，共建和谐社会').method).toBe('none');
    });

    describe('contradictions: the explicit higher level wins, the lower one is dropped, confidence ≤ 0.6', () => {
      it('a town and a village of another county', () => {
        const r = resolve('口孜镇苗庄社区居委会');
        expect(codes(r)).toEqual(['341203', '341203100', undefined]);
        expect(r.confidence).toBe(CONF.contradictionCap);
        expect(r.evidence).toContain(
          'contradiction: 「苗庄社区居委会」 → 341202003005 苗庄社区居委会 is outside 341203100 口孜镇; the higher level is kept',
        );
      });

      it('a village of another town of the same county', () => {
        const r = resolve('颍州区鼓楼街道张大郢');
        expect(codes(r)).toEqual(['341202', '341202001', undefined]);
        expect(r.confidence).toBe(CONF.contradictionCap);
      });

      it('a county and a town of another county', () => {
        const r = resolve('临泉县的亲戚在王店孜乡');
        expect(codes(r)).toEqual(['341221', undefined, undefined]);
        expect(r.confidence).toBe(CONF.contradictionCap);
        expect(r.evidence.join('\n')).toMatch(/contradiction: 「王店孜乡」 → 341225200 王店孜乡/);
      });

      it('a bare 2-character name elsewhere is not a contradiction, only not used', () => {
        expect(resolve('颍州区清河街道，老家王庄')).toMatchObject({
          town: { code: '341202003' },
          confidence: CONF.countyWithLower,
        });
      });
    });

    it('keeps the county-level rules: ties are ambiguous, a confirmed county beats a lone one', () => {
      expect(resolve('临泉县和太和县交界处')).toMatchObject({
        method: 'none',
        confidence: CONF.ambiguous,
        ambiguous: { level: 'county', candidates: ['341221', '341222'] },
      });
      expect(resolve('口孜镇到慎城镇的班车')).toMatchObject({
        method: 'none',
        ambiguous: { level: 'town', candidates: ['341203100', '341226100'] },
      });
      expect(resolve('临泉县人，现在颍东区口孜镇打工')).toMatchObject({
        town: { code: '341203100' },
        confidence: CONF.countyWithLower,
      });
    });

    it('agrees with resolveCounty on county and town for county-level texts', () => {
      const texts = [
        '我是颍州区的居民，反映噪音扰民问题',
        '界首那边的噪音扰民',
        '阜阳经开区某厂排污',
        '颍东区口孜镇街上路灯不亮',
        '太和县城关菜市场',
        '临泉城关',
        '阜阳经济技术开发区京九街道',
        '阜阳市颍州区',
        '口孜集市占道经营',
        '颍州经济开发区某企业欠薪',
        '城关',
        '城关街道',
        '口孜镇到慎城的班车',
        '正午时分停电',
        '正午镇停电',
        '太和路与清河路交口',
        '颍东花园小区',
        '住在颍州路，户籍颍上县',
        '从颍州区到颍上',
        '界首市东城街道光明路',
      ];
      for (const text of texts) {
        const county = gazetteer.resolveCounty(text);
        const r = resolve(text);
        expect([text, r.county?.code, r.town?.code]).toEqual([text, county?.countyCode, county?.townCode]);
      }
    });
  });

  describe('adcode and channel hints', () => {
    it('a known adcode wins over the text, whose other places are only reported', () => {
      const r = resolve('颍州区清河街道苗庄社区门口', { adcode: '341221' });
      expect(r).toMatchObject({
        county: { code: '341221', name: '临泉县' },
        method: 'adcode',
        confidence: 1,
      });
      expect(r.town).toBeUndefined();
      expect(r.evidence[0]).toBe('adcode 341221 → 341221 临泉县');
      expect(r.evidence.join('\n')).toMatch(/text names 「清河街道」 .* not used/);
    });

    it('the text refines an adcode inside it; 12-digit padded codes are accepted', () => {
      expect(resolve('清河街道八里', { adcode: '341202' })).toMatchObject({
        village: { code: '341202003003' },
        method: 'adcode',
        confidence: 1,
      });
      expect(codes(resolve('八里', { adcode: '341202003000' }))).toEqual([
        '341202',
        '341202003',
        '341202003003',
      ]);
      expect(codes(resolve('', { adcode: '341202003005' }))).toEqual(['341202', '341202003', '341202003005']);
    });

    it('an unknown adcode is noted and the text decides', () => {
      const r = resolve('颍东区口孜镇', { adcode: '110105' });
      expect(r).toMatchObject({ town: { code: '341203100' }, method: 'gazetteer_text' });
      expect(r.evidence[0]).toBe('adcode 110105: not a division of the gazetteer, not used');
    });

    it('a board fid maps to its county through the hint table, and the text refines it', () => {
      const hint = { channel: 'people_board', kind: 'board', value: '1234', code: '' } as const;
      expect(resolve('路灯不亮', { hint })).toEqual({
        county: { code: '341221', name: '临泉县' },
        method: 'channel_hint',
        confidence: CONF.channelHint,
        evidence: ["hint board '1234' on people_board → 341221 临泉县"],
      });
      expect(resolve('城关街道路灯不亮', { hint })).toMatchObject({
        town: { code: '341221001' },
        method: 'channel_hint',
      });
      // 城关 alone is ambiguous between 临泉 and 太和; inside the hinted county it is not.
      expect(resolve('城关菜市场占道', { hint }).town?.code).toBe('341221001');
    });

    it('an adcode comes before a hint; a hint inside it refines, one outside is ignored', () => {
      const mailbox = { channel: 'mayor_mailbox', kind: 'mailbox', value: '清河街道办', code: '' } as const;
      expect(resolve('', { adcode: '341202', hint: mailbox })).toMatchObject({
        town: { code: '341202003' },
        method: 'adcode',
      });
      const board = { channel: 'people_board', kind: 'board', value: '1234', code: '' } as const;
      const r = resolve('', { adcode: '341202', hint: board });
      expect(codes(r)).toEqual(['341202', undefined, undefined]);
      expect(r.evidence[1]).toMatch(/outside 341202 颍州区, not used/);
    });

    it('an unknown hint is noted; hint entries must point to known divisions', () => {
      const hint = { channel: 'people_board', kind: 'board', value: '999', code: '' } as const;
      expect(resolve('颍上县', { hint })).toMatchObject({
        county: { code: '341226' },
        method: 'gazetteer_text',
      });
      expect(() =>
        Gazetteer.fromDivisions(divisions, {
          hints: [{ channel: 'c', kind: 'dept', value: 'v', code: '1' }],
        }),
      ).toThrow(/unknown/);
    });
  });

  describe('over the whole table', () => {
    it.each(counties.map((c) => [c.name, c.code]))('county %s resolves by its full name', (name, code) => {
      expect(resolve(name)).toMatchObject({
        county: { code },
        method: 'gazetteer_text',
        confidence: CONF.countyFull,
      });
    });

    const step = towns.length / 30;
    const sample = Array.from({ length: 30 }, (_, i) => towns[Math.floor(i * step)]);
    it.each(sample.map((t) => [t.name, t.code, t.parentCode]))(
      'town %s resolves by its full name',
      (name, code, countyCode) => {
        const r = resolve(name);
        expect([r.county?.code, r.town?.code, r.village]).toEqual([countyCode, code, undefined]);
        expect(r.confidence).toBeGreaterThanOrEqual(0.5);
      },
    );

    it('"<county><town><village>" resolves to exactly that village, for every village of the table', () => {
      expect(villages).toHaveLength(1967);
      for (const v of villages) {
        const town = parentOf(v);
        const county = parentOf(town);
        const r = resolve(`${county.name}${town.name}${v.name}`);
        expect([v.name, ...codes(r), r.confidence, r.ambiguous]).toEqual([
          v.name,
          county.code,
          town.code,
          v.code,
          CONF.countyWithLower,
          undefined,
        ]);
      }
    });
  });
});
