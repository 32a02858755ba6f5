import { seededRandom } from '../../../libs/learning/src/prng';
import { dayNumber, formatDay, type WorkingCalendar } from '../../../libs/routing/src/calendar';
import { type HotspotObservation } from '../../../libs/routing/src/hotspots/hotspot-series';
import divisions from '../../../libs/shared/src/seed/fuyang-divisions.json';

/*
 * A generated history of appeals for the hotspot detector (docs/decisions/036-hotspots.md): weekly seasonality, the
 * 2026 holidays and 调休 working weekends, the post-holiday backlog, slow drifts of each topic, day-to-day noise city-wide
 * and per county, repeated callers, and on request a planted rise of 物业 complaints in one county from a given day.
 * Seeded: the same options give the same history.
 */

interface IssueKind {
  department: string | null;
  tags: string[];
  weight: number;
  titles: string[];
}

/** 物业: the kind the plant raises (Fuyang's own example, issue 14). */
export const PROPERTY: IssueKind = {
  department: 'housing-construction',
  tags: ['property'],
  weight: 6,
  titles: [
    '{estate}物业不作为',
    '{estate}物业乱收物业费',
    '{estate}电梯故障物业不修',
    '{estate}物业管理混乱',
    '反映{estate}物业服务差',
  ],
};

const KINDS: IssueKind[] = [
  PROPERTY,
  k('housing-construction', ['housing'], 3, ['{estate}交房后办不了房产证', '{estate}开发商延期交房']),
  k('ecology-environment', ['noise'], 4, ['{town}工地夜间施工噪音扰民', '{road}夜间施工声音太大']),
  k('urban-management', ['city-appearance'], 7, ['{town}占道经营', '{road}流动摊贩占道', '{road}路灯不亮']),
  k('urban-management', ['illegal-construction'], 3, ['{estate}楼顶违建', '{town}有人私搭乱建']),
  k('human-resources-social-security', ['wage-arrears', 'labour'], 6, [
    '{town}工地拖欠农民工工资',
    '公司拖欠工资不给',
  ]),
  k('human-resources-social-security', ['social-insurance'], 4, ['社保缴费咨询', '养老金发放问题']),
  k('market-regulation', ['food-safety'], 4, ['{road}饭店卫生差', '{town}超市卖过期食品']),
  k('market-regulation', ['prepaid-card'], 3, ['{road}健身房办卡后跑路', '商家拒绝退预付卡']),
  k('public-security', ['traffic'], 5, ['{road}路口红绿灯故障', '{road}违章停车严重']),
  k('transport', ['transport'], 4, ['公交车不按站停靠', '{road}出租车拒载']),
  k('education', ['school'], 5, ['{town}学校乱收费', '孩子入学问题']),
  k('health', [], 4, ['医院服务态度差', '看病排队时间长']),
  k('medical-security', ['medical-insurance'], 3, ['医保报销问题', '医保卡无法使用']),
  k('agriculture-rural', ['rural-environment'], 4, ['{town}村里垃圾无人清理', '{town}村道路坑洼']),
  k('utility-water', ['utility'], 4, ['{estate}停水没有通知', '{estate}自来水浑浊']),
  k('utility-power', ['utility', 'outage'], 4, ['{town}频繁停电', '{estate}停电']),
  k('utility-gas', ['utility'], 2, ['燃气费问题', '{estate}燃气管道漏气']),
  k('ecology-environment', ['environment'], 4, ['{town}工厂排放异味', '{town}河道污染']),
  k('natural-resources-planning', ['land'], 3, ['{town}违法占用耕地', '不动产登记办理慢']),
  k('civil-affairs', ['social-assistance'], 3, ['低保申请问题', '{town}养老院服务问题']),
  k('housing-provident-fund', [], 2, ['公积金提取问题', '公积金贷款办理慢']),
  k('telecom', [], 2, ['{estate}宽带网络故障', '{town}手机信号差']),
  k('data-resources', ['gov-service'], 3, ['政务服务大厅办事难', '网上办事系统故障']),
  k(null, [], 5, ['咨询有关政策', '对处理结果不满意', '反映情况']),
];

function k(department: string | null, tags: string[], weight: number, titles: string[]): IssueKind {
  return { department, tags, weight, titles };
}

const ESTATES = [
  '幸福小区',
  '阳光花园',
  '锦绣家园',
  '和平新村',
  '金色家园',
  '翰林苑',
  '清河湾',
  '文峰苑',
  '御景园',
];
const ROADS = ['人民路', '颍州路', '淮河路', '三清路', '清河路', '文峰路', '解放路'];

/** Each county's share of the city's appeals (roughly its population). */
const COUNTY_SHARES: Record<string, number> = {
  '341202': 13,
  '341203': 9,
  '341204': 9,
  '341221': 19,
  '341222': 17,
  '341225': 13,
  '341226': 12,
  '341271': 1,
  '341272': 1,
  '341282': 6,
};

export interface Plant {
  county: string;
  /** First day of the rise (yyyy-mm-dd). */
  start: string;
  /** Extra 物业 complaints on a working day from then on (off days get fewer, like everything else). */
  extraPerWorkingDay: number;
}

export interface HistoryOptions {
  seed: number;
  from: string;
  days: number;
  /** Appeals on an ordinary working day, city-wide. */
  perWorkingDay: number;
  plant?: Plant;
}

export const DEFAULT_HISTORY = { from: '2026-01-01', days: 120, perWorkingDay: 1000 };

/** How busy a day is against an ordinary working day. */
export function dayFactor(calendar: WorkingCalendar, day: number): number {
  const date = formatDay(day);
  const weekend = [0, 6].includes(new Date(day * 86_400_000).getUTCDay());
  if (!calendar.isWorkingDay(date)) return weekend ? 0.55 : 0.35;
  // The first working day after three or more days off catches up with what waited.
  let off = 0;
  while (off < 10 && !calendar.isWorkingDay(formatDay(day - off - 1))) off += 1;
  if (off >= 3) return 1.3;
  return weekend ? 0.9 : 1;
}

export function generateHistory(calendar: WorkingCalendar, o: HistoryOptions): HotspotObservation[] {
  const random = seededRandom(o.seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const noise = (sigma: number) => Math.exp(sigma * normal() - (sigma * sigma) / 2);
  const poisson = (lambda: number): number => {
    if (lambda <= 0) return 0;
    if (lambda > 40) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * normal()));
    const limit = Math.exp(-lambda);
    let n = 0;
    for (let p = random(); p > limit; p *= random()) n += 1;
    return n;
  };
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];

  const towns = new Map<string, { code: string; name: string; weight: number }[]>();
  for (const d of divisions)
    if (d.level === 'town') {
      const list = towns.get(d.parentCode) ?? [];
      list.push({ code: d.code, name: d.name, weight: 0.3 + 1.4 * random() });
      towns.set(d.parentCode, list);
    }
  const townOf = (county: string) => {
    const list = towns.get(county) ?? [];
    let r = random() * list.reduce((s, t) => s + t.weight, 0);
    for (const t of list) if ((r -= t.weight) <= 0) return t;
    return list[list.length - 1];
  };
  const kindTotal = KINDS.reduce((s, x) => s + x.weight, 0);
  const countyTotal = Object.values(COUNTY_SHARES).reduce((s, x) => s + x, 0);
  // A slow drift per topic over the history (seasons, campaigns): ±20 % from its middle.
  const drift = KINDS.map(() => 0.4 * (random() - 0.5));

  const out: HotspotObservation[] = [];
  let serial = 0;
  const emit = (day: string, county: string, kind: IssueKind, times = 1) => {
    const town = townOf(county);
    const title = pick(kind.titles)
      .replace('{estate}', pick(ESTATES))
      .replace('{road}', pick(ROADS))
      .replace('{town}', town?.name ?? '');
    for (let i = 0; i < times; i += 1)
      out.push({
        itemId: `ap_${(serial++).toString(16).padStart(32, '0')}`,
        day,
        countyCode: county,
        townCode: town?.code ?? null,
        department: kind.department,
        tags: kind.tags,
        title,
      });
  };

  const first = dayNumber(o.from);
  const plantStart = o.plant ? dayNumber(o.plant.start) : Infinity;
  for (let day = first; day < first + o.days; day += 1) {
    const date = formatDay(day);
    const factor = dayFactor(calendar, day) * noise(0.08);
    const t = (day - first) / o.days - 0.5;
    for (const [county, share] of Object.entries(COUNTY_SHARES)) {
      const countyDay = (o.perWorkingDay * factor * noise(0.08) * share) / countyTotal;
      KINDS.forEach((kind, i) => {
        const n = poisson((countyDay * kind.weight * Math.exp(drift[i] * t * 2)) / kindTotal);
        for (let j = 0; j < n; j += 1) emit(date, county, kind);
        // Now and then one caller rings three times about the same thing.
        if (random() < 0.004) emit(date, county, kind, 3);
      });
      if (o.plant && county === o.plant.county && day >= plantStart) {
        const n = poisson(o.plant.extraPerWorkingDay * factor);
        for (let j = 0; j < n; j += 1) emit(date, county, PROPERTY);
      }
    }
  }
  return out;
}
