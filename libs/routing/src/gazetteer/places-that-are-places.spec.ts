import seed from '@minsheng/shared/seed/fuyang-divisions.json';
import { sampleItem } from '../../../../test/fixtures/appeal-item';
import { seedRoutingContext } from '../reference/seed-context';
import { routeItem } from '../route-item';
import { type Division, Gazetteer, type JurisdictionResult } from './';

const gazetteer = Gazetteer.fromDivisions(seed as Division[]);
const resolve = (text: string): JurisdictionResult => gazetteer.resolve({ text });
const codes = (r: JurisdictionResult) => [r.county?.code, r.town?.code, r.village?.code];

/** 西湖镇, 王店镇 and 程集镇 are towns of 颍州区 (341202); 插花镇 and 袁寨镇 of 颍东区 (341203). */
describe('names inside names: businesses and roads named after a place are not that place', () => {
  it.each([
    ['company', '西湖建筑集团在路边占道施工，渣土撒了一地。'],
    ['company with a longer name', '王店宏达商贸有限公司拖欠货款不还。'],
    ['school', '王店中心小学门口的摊贩太多了。'],
    ['hospital', '插花医院的医生态度很差。'],
    ['shop', '袁寨超市卖过期牛奶。'],
    ['brand or hotel', '西湖大酒店晚上噪音扰民。'],
    ['project', '程集安置房项目拖欠农民工工资。'],
    ['factory', '王店砖厂的烟囱冒黑烟。'],
    ['road', '西湖大道上的路灯坏了。'],
    ['3-character village name in a company name', '刘新庄建材公司拉货的车压坏了路。'],
  ])('%s: no town or village is taken from it', (_kind, text) => {
    const r = resolve(text);
    expect(r.town).toBeUndefined();
    expect(r.village).toBeUndefined();
    expect(r.confidence).toBeLessThan(0.5);
  });

  it.each([
    ['the town written out', '西湖镇建筑工地夜间施工扰民。', ['341202', '341202103', undefined]],
    ['the business and the town', '西湖建筑集团在西湖镇占道施工。', ['341202', '341202103', undefined]],
    [
      'a place in a sentence, not a name',
      '在王店开了一家超市，卫生很差。',
      ['341202', '341202100', undefined],
    ],
    ['a place then the shop', '王店的超市卖过期牛奶。', ['341202', '341202100', undefined]],
    ['a village and its town', '王店镇刘新庄村的砖厂冒黑烟。', ['341202', '341202100', '341202100209']],
    [
      'a 3-character village named alone',
      '刘新庄村委会旁边的超市卖过期食品。',
      ['341202', '341202100', '341202100209'],
    ],
  ])('%s still places the appeal', (_kind, text, expected) => {
    const r = resolve(text);
    expect(codes(r)).toEqual(expected);
    expect(r.confidence).toBeGreaterThanOrEqual(0.5);
  });

  it('a residential compound (…小区) and a community (…社区) are places', () => {
    expect(codes(resolve('西湖镇幸福小区电梯坏了。'))).toEqual(['341202', '341202103', undefined]);
    const community = resolve('清河街道苗庄社区超市门口垃圾没人清。');
    expect(community.village?.code).toBe('341202003005');
    expect(community.confidence).toBeGreaterThanOrEqual(0.5);
  });

  it('a county named in a business name still names the county: county businesses sit in their county', () => {
    expect(resolve('临泉宾馆门口乱停车。').county?.code).toBe('341221');
  });
});

describe('places outside the city', () => {
  it.each([
    ['a city of Anhui', '合肥市蜀山区一家公司拖欠我工资。', ['合肥市']],
    ['a province and its city', '我在江苏省苏州市打工，社保怎么转。', ['江苏省', '苏州市']],
    ['a short city name', '亳州那边的高速口天天堵车。', ['亳州市']],
    ['a short province name', '在上海买的房子漏水，开发商不管。', ['上海市']],
  ])('%s, with no place of Fuyang, is outside the city', (_kind, text, names) => {
    const r = resolve(text);
    expect(r.county).toBeUndefined();
    expect(r.outside).toEqual({ names });
    expect(r.evidence.at(-1)).toBe(`outside the city: ${names.join(', ')}`);
  });

  it.each([
    ['a Fuyang place wins', '我在上海打工，老家颍上县慎城镇的房子被占了。'],
    ['Anhui and Fuyang are home', '安徽省阜阳市的政务服务太慢了。'],
    ['阜阳 itself named', '从合肥回阜阳的班车太少了。'],
    ['streets named after other cities are Fuyang streets', '合肥路和南京路路口的红绿灯坏了。'],
    ['a Fuyang alias that contains another city', '合肥现代产业园区的企业拖欠工资。'],
  ])('%s: not outside', (_kind, text) => {
    expect(resolve(text).outside).toBeUndefined();
  });
});

describe('routing an appeal about another city', () => {
  it('goes to triage as outside_city, with the department the rules found as the suggestion', () => {
    const ctx = seedRoutingContext();
    const item = sampleItem({ content: '合肥市蜀山区一个工地拖欠农民工工资三个月了。' });
    const d = routeItem(item, ctx, new Date('2026-11-20T02:00:00Z'));
    expect(d).toMatchObject({
      mode: 'triage',
      reason: 'outside_city',
      lead: { department: 'human-resources-social-security' },
    });
    expect(d.explanation).toContain('jurisdiction: outside the city: 合肥市');
  });
});
