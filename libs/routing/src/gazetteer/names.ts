/** The prefecture itself: recognised so it is consumed as a name, but it never points to a county. */
export const CITY_NAMES: readonly string[] = ['阜阳市', '阜阳'];

const COUNTY_SUFFIXES = ['区', '县', '市'];
/** Longest first, so 赛涧回族乡 shortens to 赛涧 rather than 赛涧回族. */
const TOWN_SUFFIXES = ['回族乡', '街道', '镇', '乡'];
const MIN_SHORT_NAME_LENGTH = 2;

/**
 * Zones are not shortened: stripping 区 from 阜阳经济技术开发区 gives a fragment nobody writes, and such a
 * fragment could only produce false hits. Their usual forms come from BUILT_IN_ALIASES instead.
 */
const UNSHORTENED_COUNTY_ENDINGS = ['开发区', '园区'];

/** Names that people write instead of the official ones; the code may be a county or a town. */
export const BUILT_IN_ALIASES: readonly { alias: string; code: string }[] = [
  { alias: '阜阳开发区', code: '341272' },
  { alias: '阜阳经开区', code: '341272' },
  { alias: '经开区', code: '341272' },
  { alias: '经济技术开发区', code: '341272' },
  { alias: '阜合现代产业园区', code: '341271' },
  { alias: '阜合产业园区', code: '341271' },
  { alias: '合肥现代产业园区', code: '341271' },
  { alias: '阜合园区', code: '341271' },
  // The official name carries the zone as a prefix; people name the street alone. The bare 京九 is left out
  // because it far more often means the Beijing–Kowloon railway.
  { alias: '京九街道', code: '341272001' },
];

/**
 * Bare town names that are also everyday words or generic directions (noon, officer, five-star, new village,
 * east town...). As free text they say nothing about a place, so only their full names (正午镇, 城东街道) count.
 */
export const COMMON_WORD_SHORT_NAMES: ReadonlySet<string> = new Set([
  '正午',
  '长官',
  '五星',
  '红星',
  '新村',
  '古城',
  '向阳',
  '新华',
  '城东',
  '城南',
  '东城',
  '西城',
  '中市',
  '大新',
  '三合',
  '九龙',
  '二郎',
  '光武',
]);

/**
 * A bare place name directly followed by one of these is a street or housing estate named after the place
 * (阜阳城区 has 颍州路, 颍上路, 界首路, 太和路...), which says nothing about which county the citizen is in.
 */
const ROAD_OR_ESTATE_SUFFIXES = [
  '路',
  '街',
  '大道',
  '大街',
  '巷',
  '小区',
  '花园',
  '广场',
  '东路',
  '西路',
  '南路',
  '北路',
  '中路',
];

/** The province prefix of some zones (安徽颍州经济开发区) is usually dropped in writing. */
const PROVINCE_PREFIX = '安徽';
const MIN_UNPREFIXED_LENGTH = 4;

export function withoutProvincePrefix(name: string): string | undefined {
  const rest = name.startsWith(PROVINCE_PREFIX) ? name.slice(PROVINCE_PREFIX.length) : '';
  return rest.length >= MIN_UNPREFIXED_LENGTH ? rest : undefined;
}

export function countyShortName(name: string): string | undefined {
  if (UNSHORTENED_COUNTY_ENDINGS.some((ending) => name.endsWith(ending))) return undefined;
  return stripSuffix(name, COUNTY_SUFFIXES);
}

export function townShortName(name: string): string | undefined {
  return stripSuffix(name, TOWN_SUFFIXES);
}

/**
 * Suffixes by their first code unit, so a position is compared only with the suffixes that could start there.
 * Asked at every name found and the characters after it, the answer is almost always "none": a byte per code
 * unit says so before the Map is consulted.
 */
interface SuffixTable {
  starts: Uint8Array;
  byFirst: ReadonlyMap<number, readonly string[]>;
}

function byFirstCodeUnit(suffixes: readonly string[]): SuffixTable {
  const starts = new Uint8Array(0x10000);
  const byFirst = new Map<number, string[]>();
  for (const suffix of suffixes) {
    const first = suffix.charCodeAt(0);
    starts[first] = 1;
    const list = byFirst.get(first) ?? [];
    list.push(suffix);
    byFirst.set(first, list);
  }
  return { starts, byFirst };
}

function startsWithOneOf(text: string, at: number, suffixes: SuffixTable): boolean {
  const first = text.charCodeAt(at);
  if (suffixes.starts[first] !== 1) return false;
  for (const suffix of suffixes.byFirst.get(first) ?? []) if (text.startsWith(suffix, at)) return true;
  return false;
}

const ROAD_OR_ESTATE_BY_FIRST = byFirstCodeUnit(ROAD_OR_ESTATE_SUFFIXES);

export function isFollowedByRoadOrEstate(text: string, end: number): boolean {
  return startsWithOneOf(text, end, ROAD_OR_ESTATE_BY_FIRST);
}

/**
 * Companies, shops, schools, hospitals, brands and projects are named after places (西湖建筑集团, 王店中心小学,
 * 插花医院, 袁寨超市, 程集项目): the name says who, not where, and the business may be anywhere.
 */
const ORGANISATION_SUFFIXES = [
  '集团',
  '公司',
  '学校',
  '小学',
  '中学',
  '大学',
  '学院',
  '幼儿园',
  '医院',
  '卫生院',
  '诊所',
  '超市',
  '商场',
  '商厦',
  '酒店',
  '宾馆',
  '饭店',
  '大厦',
  '项目',
  '工程',
  '加油站',
  '驾校',
  '银行',
  '药房',
  '药店',
  '商店',
  '专卖店',
  '门店',
  '置业',
  '地产',
  '实业',
  '商贸',
  '物流',
  '厂',
];
/** How many characters of a business name may sit between the place name and its suffix (建筑 in 西湖建筑集团). */
const MAX_ORGANISATION_INFIX = 6;
/**
 * Characters that end a name: punctuation and the words of a sentence that places something (王店的超市,
 * 在王店开超市, 王店附近超市, 王店镇上超市), which must keep 王店 as a place.
 */
const ENDS_A_NAME =
  /[^\p{Script=Han}A-Za-z]|[的了在是有和与及这那个里边旁附近从到对向给被把让说要去来住开镇乡村县区市街路道上下]/u;

const ORGANISATION_BY_FIRST = byFirstCodeUnit(ORGANISATION_SUFFIXES);

/** ENDS_A_NAME by code unit, filled on first sight: 0 not yet known, 1 no, 2 yes. */
const ENDS_A_NAME_BY_CODE = new Uint8Array(0x10000);

function endsAName(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  if (ENDS_A_NAME_BY_CODE[c] === 0) ENDS_A_NAME_BY_CODE[c] = ENDS_A_NAME.test(text[at]) ? 2 : 1;
  return ENDS_A_NAME_BY_CODE[c] === 2;
}

export function isInsideOrganisationName(text: string, end: number): boolean {
  for (let at = end; at <= end + MAX_ORGANISATION_INFIX && at < text.length; at += 1) {
    if (startsWithOneOf(text, at, ORGANISATION_BY_FIRST)) return true;
    if (endsAName(text, at)) return false;
  }
  return false;
}

/**
 * Village-level names come as committee names (苗庄社区居委会, 王庄村委会), which only an administrative village
 * or community has, with the plain suffix (苗庄社区, 王庄村) or bare (苗庄). Committee forms, longest first.
 */
const COMMUNITY_COMMITTEE_SUFFIXES = ['社区居民委员会', '社区居委会', '居民委员会', '居委会'];
const VILLAGE_COMMITTEE_SUFFIXES = ['村民委员会', '村委会'];
const COMMUNITY_SUFFIX = '社区';
const VILLAGE_SUFFIX = '村';

/**
 * - full: a committee name (official or abbreviated: 苗庄社区居委会, 苗庄居委会), deliberate and specific;
 * - suffixed: 苗庄社区, 王庄村, which natural villages and estates share;
 * - bare: 苗庄, which is also a surname plus 庄 found in countless addresses outside the table.
 */
export type VillageForm = 'full' | 'suffixed' | 'bare';

export interface VillageName {
  name: string;
  form: VillageForm;
  /** Length of the base name (苗庄 → 2); 2-character bases are too common to trust without context. */
  baseLength: number;
}

/**
 * Bare village names that are everyday words, slogans, directions, rivers or other cities (幸福, 前进, 车站,
 * 桥北, 淮河, 长春...). Their committee and suffixed forms still count; bare they say nothing.
 */
export const COMMON_WORD_VILLAGE_NAMES: ReadonlySet<string> = new Set(
  [
    '街道 车站 商业 中心 人民 街头 夹道 老家 老店 老庄 小店 小河 小庄 小集 小张 小徐 小赵 小良',
    '城北 城南 城西 城中 城郊 城子 东城 西城 东方 东风 东街 西街 南街 北街 新街 马街 东门 西门 北门 下门',
    '花园 桃园 梨园 枣园 北园 西园 新园 白园 高园 公平 友谊 团结 和平 和谐 幸福 建设 胜利 前进 光明 光华',
    '光辉 解放 红旗 红星 五星 三星 富强 富民 利民 民安 平安 安全 成功 名利 振兴 育才 农科 回民 渔民 民族',
    '互助 联建 立新 迎新 新建 新兴 新农 新华 新城 新村 新宅 新河 新桥 新庄 新店 新庙 大同 大海 大湖 大桥',
    '大店 大庙 大寺 大塘 大坝 大田 大集 大林 大新 大西 大王 天宫 财神 玉皇 瑶池 宝塔 莲花 莲池 桃花 银杏',
    '椿树 梨树 白果 麦仁 凉亭 油坊 瓦房 朝阳 向阳 祥和 同城 万达 三八 三合 九龙 古城 正午 长官 二郎 中原',
    '中东 中北 长春 长安 淮安 淮北 淮河 淮上 河北 江北 临颍 夷陵 镜湖 颍河 泉河 洪河 茨河 运河 谷河 济河',
    '河口 港口 渡口 桥口 河滨 沿河 水上 河水 水流 截流 拐湾 山涧 青龙 龙凤 龙潭 青春 青云 信义 桥北 桥西',
    '站东 站西 镇东 镇北 镇西 集南 集西 店西 庙东 庙前 庙北 庙南 寺前 寺后 窑前 闸东 闸南 沟北 港北 港南',
    '港西 虚拟 老街',
  ]
    .join(' ')
    .split(' '),
);

/**
 * Every form a village-level division is written in. `prefixes` are its county and town names: a few
 * official names repeat them (临泉县杨桥镇杨桥社区居委会), which nobody writes, so the base drops them.
 */
export function villageNames(name: string, prefixes: readonly string[] = []): VillageName[] {
  const parsed = parseVillageName(name);
  if (parsed === undefined) return [{ name, form: 'full', baseLength: name.length }];
  const base = withoutPrefixes(parsed.base, prefixes);
  const baseLength = base.length;
  // The official name keeps its own length: 安徽颍州经济开发区虚拟社区 names its zone in itself.
  const official: VillageName = {
    name,
    form: parsed.suffix === COMMUNITY_SUFFIX ? 'suffixed' : 'full',
    baseLength: parsed.base.length,
  };
  const names: VillageName[] = [official];
  const committees = parsed.kind === 'community' ? COMMUNITY_COMMITTEE_SUFFIXES : VILLAGE_COMMITTEE_SUFFIXES;
  for (const suffix of committees) names.push({ name: base + suffix, form: 'full', baseLength });
  const plain = parsed.kind === 'community' ? COMMUNITY_SUFFIX : VILLAGE_SUFFIX;
  if (!base.endsWith(plain)) names.push({ name: base + plain, form: 'suffixed', baseLength });
  // 向阳路社区 is a community, but a bare 向阳路 is the road.
  const roadLike = ROAD_OR_ESTATE_SUFFIXES.some((suffix) => base.endsWith(suffix));
  if (!roadLike && !COMMON_WORD_VILLAGE_NAMES.has(base)) names.push({ name: base, form: 'bare', baseLength });
  return names;
}

function parseVillageName(
  name: string,
): { base: string; suffix: string; kind: 'community' | 'village' } | undefined {
  const candidates: [string, 'community' | 'village'][] = [
    ...COMMUNITY_COMMITTEE_SUFFIXES.map((s): [string, 'community'] => [s, 'community']),
    ...VILLAGE_COMMITTEE_SUFFIXES.map((s): [string, 'village'] => [s, 'village']),
    [COMMUNITY_SUFFIX, 'community'],
  ];
  for (const [suffix, kind] of candidates) {
    if (name.endsWith(suffix) && name.length - suffix.length >= MIN_SHORT_NAME_LENGTH) {
      return { base: name.slice(0, -suffix.length), suffix, kind };
    }
  }
  return undefined;
}

function withoutPrefixes(base: string, prefixes: readonly string[]): string {
  let rest = base;
  for (let changed = true; changed;) {
    changed = false;
    for (const prefix of prefixes) {
      if (
        prefix.length > 0 &&
        rest.startsWith(prefix) &&
        rest.length - prefix.length >= MIN_SHORT_NAME_LENGTH
      ) {
        rest = rest.slice(prefix.length);
        changed = true;
      }
    }
  }
  return rest;
}

function stripSuffix(name: string, suffixes: readonly string[]): string | undefined {
  for (const suffix of suffixes) {
    if (name.endsWith(suffix) && name.length - suffix.length >= MIN_SHORT_NAME_LENGTH) {
      return name.slice(0, -suffix.length);
    }
  }
  return undefined;
}
