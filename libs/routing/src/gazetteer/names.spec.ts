import {
  countyShortName,
  isFollowedByRoadOrEstate,
  townShortName,
  villageNames,
  withoutProvincePrefix,
} from './names';
import { normaliseText } from './normalise';

describe('names', () => {
  it('shortens counties only when at least two characters remain, and never the zones', () => {
    expect(countyShortName('颍州区')).toBe('颍州');
    expect(countyShortName('界首市')).toBe('界首');
    expect(countyShortName('临泉县')).toBe('临泉');
    expect(countyShortName('某区')).toBeUndefined();
    expect(countyShortName('阜阳经济技术开发区')).toBeUndefined();
    expect(countyShortName('阜阳合肥现代产业园区')).toBeUndefined();
  });

  it('shortens towns by their longest suffix, keeping at least two characters', () => {
    expect(townShortName('鼓楼街道')).toBe('鼓楼');
    expect(townShortName('三十里铺镇')).toBe('三十里铺');
    expect(townShortName('税镇镇')).toBe('税镇');
    expect(townShortName('赛涧回族乡')).toBe('赛涧');
    expect(townShortName('某镇')).toBeUndefined();
    expect(townShortName('开发区管理委员会')).toBeUndefined();
  });

  it('drops the province prefix of zones', () => {
    expect(withoutProvincePrefix('安徽颍州经济开发区')).toBe('颍州经济开发区');
    expect(withoutProvincePrefix('颍州经济开发区')).toBeUndefined();
  });

  it('recognises a name used as a street or estate name', () => {
    for (const text of ['颍州路', '颍州西路', '颍州大道', '颍州小区', '颍州花园', '颍州巷']) {
      expect(isFollowedByRoadOrEstate(text, 2)).toBe(true);
    }
    expect(isFollowedByRoadOrEstate('颍州区', 2)).toBe(false);
    expect(isFollowedByRoadOrEstate('颍州', 2)).toBe(false);
  });

  it('writes a community in committee, suffixed and bare forms', () => {
    expect(villageNames('苗庄社区居委会')).toEqual([
      { name: '苗庄社区居委会', form: 'full', baseLength: 2 },
      { name: '苗庄社区居民委员会', form: 'full', baseLength: 2 },
      { name: '苗庄社区居委会', form: 'full', baseLength: 2 },
      { name: '苗庄居民委员会', form: 'full', baseLength: 2 },
      { name: '苗庄居委会', form: 'full', baseLength: 2 },
      { name: '苗庄社区', form: 'suffixed', baseLength: 2 },
      { name: '苗庄', form: 'bare', baseLength: 2 },
    ]);
  });

  it('writes an administrative village with 村, and never doubles it', () => {
    expect(villageNames('王庄村委会').map((n) => `${n.name}:${n.form}`)).toEqual([
      '王庄村委会:full',
      '王庄村民委员会:full',
      '王庄村委会:full',
      '王庄村:suffixed',
      '王庄:bare',
    ]);
    expect(villageNames('大王新村村委会').map((n) => n.name)).not.toContain('大王新村村');
  });

  it('drops county and town prefixes from the base but not from the official name', () => {
    const names = villageNames('临泉县杨桥镇杨桥社区居委会', ['临泉县', '杨桥镇']);
    expect(names[0]).toEqual({ name: '临泉县杨桥镇杨桥社区居委会', form: 'full', baseLength: 8 });
    expect(names.slice(1).every((n) => n.baseLength === 2)).toBe(true);
    expect(names.map((n) => n.name)).toContain('杨桥社区');
  });

  it('has no bare form for everyday words or road names', () => {
    expect(villageNames('幸福社区居委会').map((n) => n.form)).not.toContain('bare');
    expect(villageNames('向阳路社区居委会').map((n) => n.name)).not.toContain('向阳路');
  });

  it('normalises full-width letters and digits and strips all whitespace', () => {
    expect(normaliseText(' ＡＢｃ１２\t3 \u3000颍 州\n区 ')).toBe('ABc123颍州区');
  });
});
