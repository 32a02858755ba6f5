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

export function isFollowedByRoadOrEstate(text: string, end: number): boolean {
  return ROAD_OR_ESTATE_SUFFIXES.some((suffix) => text.startsWith(suffix, end));
}

function stripSuffix(name: string, suffixes: readonly string[]): string | undefined {
  for (const suffix of suffixes) {
    if (name.endsWith(suffix) && name.length - suffix.length >= MIN_SHORT_NAME_LENGTH) {
      return name.slice(0, -suffix.length);
    }
  }
  return undefined;
}
