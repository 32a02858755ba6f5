import divisions from '../../libs/shared/src/seed/fuyang-divisions.json';
import type { Rng } from './prng';

/** What kind of spot an appeal is about; it decides which address style reads naturally. */
export type PlaceSetting = 'road' | 'community' | 'rural' | 'any';

export interface County {
  code: string;
  name: string;
}

export interface Place {
  countyCode: string;
  countyName: string;
  /** Town/street as people say it, e.g. 清河街道, 旧县镇. */
  townName: string;
  /** Stored in incidentAddress. */
  address: string;
  /** How the work-order text refers to the place (the address without layout spaces). */
  mention: string;
}

interface Town {
  name: string;
  villages: string[];
}

/**
 * Fragments people use for their county that an address matcher might key on; used to keep
 * one county's orders free of another county's name, including invented names and villages.
 */
export const COUNTY_ALIASES: Readonly<Record<string, readonly string[]>> = {
  '341202': ['颍州区', '颍州'],
  '341203': ['颍东区', '颍东'],
  '341204': ['颍泉区', '颍泉'],
  '341221': ['临泉县', '临泉'],
  '341222': ['太和县', '太和'],
  '341225': ['阜南县', '阜南'],
  '341226': ['颍上县', '颍上'],
  '341271': ['阜阳合肥现代产业园区', '阜合现代产业园区', '合肥'],
  '341272': ['阜阳经济技术开发区', '经济技术开发区', '阜阳开发区'],
  '341282': ['界首市', '界首'],
};

// Invented names: checked by the spec never to contain any county alias.
const ROADS = [
  '人民路',
  '建设路',
  '解放路',
  '幸福路',
  '和平路',
  '光明路',
  '振兴路',
  '东风路',
  '工农路',
  '民生路',
  '育才路',
  '健康路',
  '长安路',
  '友谊路',
  '胜利路',
  '文化路',
  '淮河路',
  '沙河路',
  '迎宾大道',
  '发展大道',
] as const;

export const COMMUNITIES = [
  '翠湖苑',
  '金色家园',
  '阳光花园',
  '幸福里小区',
  '锦绣华庭',
  '和谐家园',
  '书香门第',
  '紫金城',
  '滨河湾',
  '凤凰城',
  '御景湾',
  '盛世名门',
  '春晖苑',
  '香樟苑',
  '东方新城',
  '水岸花都',
] as const;

const LANDMARKS = ['农贸市场', '实验小学', '中心医院', '汽车站', '商业街', '体育馆'] as const;

const otherCountyAliases = (code: string): string[] =>
  Object.entries(COUNTY_ALIASES).flatMap(([c, aliases]) => (c === code ? [] : [...aliases]));

/** Official town names carry prefixes nobody says on the phone (安徽颍州经济开发区, 阜阳开发区京九街道). */
function spokenTownName(name: string): string {
  return name.replace(/^阜阳开发区/, '').replace(/^安徽/, '');
}

/** 张庄村委会 → 张庄村, 龙潭社区居委会 → 龙潭社区, 袁集居委会 → 袁集社区. */
function spokenVillageName(name: string, countyName: string, townName: string): string {
  const bare = name.replace(countyName, '').replace(townName, '');
  if (/村民委员会$|村委会$/.test(bare)) {
    const stem = bare.replace(/村民委员会$|村委会$/, '');
    return stem.endsWith('村') ? stem : `${stem}村`;
  }
  const stem = bare.replace(/居民委员会$|居委会$/, '');
  return stem.endsWith('社区') ? stem : `${stem}社区`;
}

function loadTowns(): Map<string, Town[]> {
  const byCounty = new Map<string, Town[]>();
  const countyNames = new Map(divisions.filter((d) => d.level === 'county').map((d) => [d.code, d.name]));
  const townsByCode = new Map<string, { county: string; town: Town; official: string }>();
  for (const d of divisions) {
    if (d.level !== 'town') continue;
    const town: Town = { name: spokenTownName(d.name), villages: [] };
    townsByCode.set(d.code, { county: d.parentCode, town, official: d.name });
    const list = byCounty.get(d.parentCode) ?? [];
    list.push(town);
    byCounty.set(d.parentCode, list);
  }
  for (const d of divisions) {
    if (d.level !== 'village') continue;
    const parent = townsByCode.get(d.parentCode);
    if (!parent || d.name.includes('虚拟')) continue;
    const spoken = spokenVillageName(d.name, countyNames.get(parent.county) ?? '', parent.official);
    // Two villages are literally called 太和; naming them in another county would mislead the matcher.
    if (otherCountyAliases(parent.county).some((alias) => spoken.includes(alias))) continue;
    parent.town.villages.push(spoken);
  }
  return byCounty;
}

export const COUNTIES: readonly County[] = divisions
  .filter((d) => d.level === 'county')
  .map((d) => ({ code: d.code, name: d.name }));

const TOWNS = loadTowns();

function townsOf(countyCode: string): Town[] {
  const towns = TOWNS.get(countyCode);
  if (!towns || towns.length === 0) throw new Error(`gazetteer has no towns for ${countyCode}`);
  return towns;
}

/** Builds an address in one of the styles real callers and operators produce. */
export function buildPlace(county: County, setting: PlaceSetting, rng: Rng): Place {
  const towns = townsOf(county.code);
  const resolved: Exclude<PlaceSetting, 'any'> =
    setting === 'any' ? rng.pick(['road', 'community', 'rural'] as const) : setting;
  const withVillages = towns.filter((t) => t.villages.length > 0);
  // Rural appeals come from 镇/乡; the two zones only have 街道, whose 社区 stand in.
  const ruralTowns = withVillages.filter((t) => /[镇乡]$/.test(t.name));
  const ruralPool = ruralTowns.length > 0 ? ruralTowns : withVillages;
  const town = resolved === 'rural' && ruralPool.length > 0 ? rng.pick(ruralPool) : rng.pick(towns);
  const road = rng.pick(ROADS);

  let tail: string;
  if (resolved === 'rural' && town.villages.length > 0) {
    const village = rng.pick(town.villages);
    tail = rng.chance(0.5) || village.endsWith('社区') ? village : `${village}${rng.int(1, 12)}组`;
  } else if (resolved === 'community') {
    const style = rng.int(0, 2);
    if (style === 0) tail = `${rng.pick(COMMUNITIES)}${rng.int(1, 28)}栋`;
    else if (style === 1) tail = `${road}${rng.pick(COMMUNITIES)}`;
    else tail = `${road}某小区${rng.int(1, 18)}栋`;
  } else {
    const style = rng.int(0, 3);
    if (style <= 1) tail = `${road}${rng.int(1, 399)}号`;
    else if (style === 2) tail = `${road}与${rng.pick(ROADS.filter((r) => r !== road))}交叉口`;
    else tail = `${road}${rng.pick(LANDMARKS)}附近`;
  }

  const parts = [county.name, town.name, tail];
  const layout = rng.next();
  let address: string;
  // Operators type addresses inconsistently: with or without the city prefix, sometimes spaced.
  if (layout < 0.1) address = parts.join(' ');
  else if (layout < 0.15) address = `安徽省阜阳市${parts.join('')}`;
  else if (layout < 0.55) address = `阜阳市${parts.join('')}`;
  else address = parts.join('');

  return {
    countyCode: county.code,
    countyName: county.name,
    townName: town.name,
    address,
    mention: address.replace(/ /g, '').replace(/^安徽省/, ''),
  };
}

/** Every town name as it may appear in text, so specs can prove place-less orders name no place. */
export function allTownNames(): string[] {
  return [...TOWNS.values()].flatMap((towns) => towns.map((t) => t.name));
}
