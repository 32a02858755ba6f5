import seed from '@minsheng/shared/seed/fuyang-divisions.json';
import { CONFIDENCE } from './county-resolver';
import { Gazetteer, type Division, type DivisionLevel } from './';

const LEVELS: readonly string[] = ['county', 'town', 'village'] satisfies DivisionLevel[];
const isLevel = (level: string): level is DivisionLevel => LEVELS.includes(level);

const divisions: Division[] = seed.map((row) => {
  if (!isLevel(row.level)) throw new Error(`bad level in seed: ${row.level}`);
  return { ...row, level: row.level };
});
const gazetteer = Gazetteer.fromDivisions(divisions);
const resolve = (text: string) => gazetteer.resolveCounty(text);

describe('Gazetteer over the Fuyang seed', () => {
  it('holds the ten county-level units in code order', () => {
    expect(gazetteer.counties().map((d) => `${d.code} ${d.name}`)).toEqual([
      '341202 颍州区',
      '341203 颍东区',
      '341204 颍泉区',
      '341221 临泉县',
      '341222 太和县',
      '341225 阜南县',
      '341226 颍上县',
      '341271 阜阳合肥现代产业园区',
      '341272 阜阳经济技术开发区',
      '341282 界首市',
    ]);
    expect(gazetteer.division('341203100')).toEqual({
      code: '341203100',
      name: '口孜镇',
      level: 'town',
      parentCode: '341203',
    });
    expect(gazetteer.division('999999')).toBeUndefined();
  });

  it('hands out copies, so callers cannot corrupt the index', () => {
    const county = gazetteer.counties()[0];
    county.name = 'changed';
    expect(gazetteer.division(county.code)?.name).toBe('颍州区');
  });

  describe('explicit county', () => {
    it.each([
      ['341202', '颍州区', '颍州'],
      ['341203', '颍东区', '颍东'],
      ['341204', '颍泉区', '颍泉'],
      ['341221', '临泉县', '临泉'],
      ['341222', '太和县', '太和'],
      ['341225', '阜南县', '阜南'],
      ['341226', '颍上县', '颍上'],
      ['341282', '界首市', '界首'],
      ['341271', '阜阳合肥现代产业园区', '阜合园区'],
      ['341272', '阜阳经济技术开发区', '经开区'],
    ])('%s by full name %s and by short name %s', (code, full, short) => {
      expect(resolve(`我是${full}的居民，反映噪音扰民问题`)).toEqual({
        countyCode: code,
        countyName: full,
        method: 'gazetteer_text',
        confidence: CONFIDENCE.countyFull,
        matchedText: full,
      });
      expect(resolve(`${short}那边的噪音扰民`)).toMatchObject({
        countyCode: code,
        confidence: CONFIDENCE.countyShort,
        matchedText: short,
      });
    });

    it.each(['阜阳经开区', '阜阳开发区', '经济技术开发区'])(
      '%s is the economic development zone',
      (alias) => {
        expect(resolve(`${alias}某厂排污`)?.countyCode).toBe('341272');
      },
    );

    it.each(['阜合现代产业园区', '阜合产业园区', '合肥现代产业园区'])(
      '%s is the modern industrial park',
      (alias) => {
        expect(resolve(`${alias}道路积水`)?.countyCode).toBe('341271');
      },
    );

    it('fills the town when a town of the named county appears too', () => {
      expect(resolve('颍东区口孜镇街上路灯不亮')).toEqual({
        countyCode: '341203',
        countyName: '颍东区',
        townCode: '341203100',
        townName: '口孜镇',
        method: 'gazetteer_text',
        confidence: CONFIDENCE.countyWithTown,
        matchedText: '颍东区 口孜镇',
      });
    });

    it('uses a town name shared by two counties to pin the town once the county is named', () => {
      expect(resolve('太和县城关菜市场')).toMatchObject({ countyCode: '341222', townCode: '341222100' });
      expect(resolve('临泉城关')).toMatchObject({ countyCode: '341221', townCode: '341221001' });
    });

    it('阜阳经济技术开发区京九街道 is the zone, with its street', () => {
      expect(resolve('阜阳经济技术开发区京九街道')).toMatchObject({
        countyCode: '341272',
        townCode: '341272001',
        townName: '阜阳开发区京九街道',
        confidence: CONFIDENCE.countyWithTown,
      });
    });

    it('阜合现代产业园区 is the industrial park, not 阜阳 or 合肥', () => {
      expect(resolve('阜合现代产业园区')).toMatchObject({
        countyCode: '341271',
        countyName: '阜阳合肥现代产业园区',
      });
    });

    it('ignores the city name but still reads what follows it', () => {
      expect(resolve('阜阳市')).toBeNull();
      expect(resolve('阜阳')).toBeNull();
      expect(resolve('阜阳市颍州区')).toMatchObject({ countyCode: '341202', matchedText: '颍州区' });
      expect(resolve('阜阳市经济技术开发区')).toMatchObject({ countyCode: '341272' });
    });

    it('keeps the named county even when a town of another county is mentioned', () => {
      expect(resolve('临泉县的亲戚在王店孜乡')).toMatchObject({
        countyCode: '341221',
        confidence: CONFIDENCE.countyFull,
      });
      expect(resolve('临泉县的亲戚在王店孜乡')?.townCode).toBeUndefined();
    });
  });

  describe('town evidence without a county', () => {
    it('a town found in one county only gives that county and the town', () => {
      expect(resolve('口孜镇集市占道经营')).toEqual({
        countyCode: '341203',
        countyName: '颍东区',
        townCode: '341203100',
        townName: '口孜镇',
        method: 'gazetteer_text',
        confidence: CONFIDENCE.townFull,
        matchedText: '口孜镇',
      });
      expect(resolve('口孜集市占道经营')).toMatchObject({
        countyCode: '341203',
        townCode: '341203100',
        confidence: CONFIDENCE.townShort,
      });
    });

    it('a province-prefixed zone is found without its prefix', () => {
      expect(resolve('颍州经济开发区某企业欠薪')).toMatchObject({
        countyCode: '341202',
        townCode: '341202400',
      });
    });

    it('a town name shared by two counties decides nothing on its own', () => {
      expect(resolve('城关')).toBeNull();
      expect(resolve('赵集')).toBeNull();
      expect(resolve('城关街道')).toMatchObject({ countyCode: '341221', townCode: '341221001' });
      expect(resolve('赵集乡')).toMatchObject({ countyCode: '341222', townCode: '341222201' });
    });

    it('a full town name outranks a bare one; two full names in different counties are a tie', () => {
      expect(resolve('口孜镇到慎城的班车')).toMatchObject({ countyCode: '341203' });
      expect(resolve('口孜镇到慎城镇的班车')).toBeNull();
    });

    it('bare town names that are everyday words do not count, their full names do', () => {
      expect(resolve('正午时分停电')).toBeNull();
      expect(resolve('五星级酒店')).toBeNull();
      expect(resolve('正午镇停电')).toMatchObject({ countyCode: '341203' });
    });
  });

  describe('no answer rather than a wrong one', () => {
    it.each(['颍州路', '颍州西路路灯不亮', '颍上路', '界首路', '太和路与清河路交口', '颍东花园小区'])(
      '%s is a street or estate, not a county',
      (text) => {
        expect(resolve(text)).toBeNull();
      },
    );

    it('a street name does not hide a real county elsewhere in the text', () => {
      expect(resolve('住在颍州路，户籍颍上县')).toMatchObject({ countyCode: '341226' });
    });

    it('two counties named with equal evidence are a tie', () => {
      expect(resolve('临泉县和太和县交界处')).toBeNull();
      expect(resolve('从颍州区到颍上')).toBeNull();
    });

    it('a county with one of its towns beats a lone county', () => {
      expect(resolve('临泉县人，现在颍东区口孜镇打工')).toMatchObject({
        countyCode: '341203',
        townCode: '341203100',
        confidence: CONFIDENCE.countyWithTown,
      });
    });

    it('text without any place gives null', () => {
      expect(resolve('小区楼下垃圾无人清运，已经三天了')).toBeNull();
      expect(resolve('')).toBeNull();
    });
  });

  it('normalises whitespace and full-width characters before matching', () => {
    expect(resolve('颍 州\u3000区 　第１小学')).toMatchObject({
      countyCode: '341202',
      matchedText: '颍州区',
    });
  });

  it('resolves a place buried in a long text', () => {
    const filler = '反映情况：路面破损严重，雨天积水，群众出行不便。'.repeat(80);
    const text = `${filler}地址：界首市东城街道${filler}`;
    expect(text.length).toBeGreaterThan(2000);
    expect(resolve(text)).toMatchObject({ countyCode: '341282', townCode: '341282001' });
  });

  describe('caller-supplied aliases', () => {
    it('are used like built-in ones, for counties and towns', () => {
      const g = Gazetteer.fromDivisions(divisions, [
        { alias: '老城区', code: '341202' },
        { alias: '口子镇', code: '341203100' },
      ]);
      expect(g.resolveCounty('老城区')).toMatchObject({
        countyCode: '341202',
        confidence: CONFIDENCE.countyShort,
      });
      expect(g.resolveCounty('口子镇')).toMatchObject({ countyCode: '341203', townCode: '341203100' });
    });

    it('may point to a village, which counts for its town here; an unknown code is refused', () => {
      const g = Gazetteer.fromDivisions(divisions, [{ alias: '置地双清湾小区', code: '341202003005' }]);
      expect(g.resolveCounty('置地双清湾小区门口')).toMatchObject({
        countyCode: '341202',
        townCode: '341202003',
        confidence: CONFIDENCE.townFull,
      });
      expect(() => Gazetteer.fromDivisions(divisions, [{ alias: 'x', code: '000000' }])).toThrow(/unknown/);
    });
  });

  describe('table checks', () => {
    const county: Division = { code: '341202', name: '颍州区', level: 'county', parentCode: '3412' };
    const town: Division = { code: '341202001', name: '鼓楼街道', level: 'town', parentCode: '341202' };

    it('a partial table works and skips built-in aliases it cannot satisfy', () => {
      const g = Gazetteer.fromDivisions([county, town]);
      expect(g.resolveCounty('鼓楼街道')).toMatchObject({ countyCode: '341202', townCode: '341202001' });
      expect(g.resolveCounty('经开区')).toBeNull();
    });

    it('rejects duplicate codes and towns without their county', () => {
      expect(() => Gazetteer.fromDivisions([county, county])).toThrow(/duplicate/);
      expect(() => Gazetteer.fromDivisions([town])).toThrow(/no county/);
    });
  });
});
