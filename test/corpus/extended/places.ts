import divisions from '../../../libs/shared/src/seed/fuyang-divisions.json';

interface Row {
  code: string;
  name: string;
  level: 'county' | 'town' | 'village';
  parentCode: string;
}

const rows = divisions as Row[];
const byCode = new Map(rows.map((r) => [r.code, r]));
const villages = rows.filter((r) => r.level === 'village');

/** How people write a village: 王庄村委会 → 王庄村, 苗庄社区居委会 → 苗庄社区. */
function spoken(name: string): string {
  return name
    .replace(/社区居民委员会$|社区居委会$/, '社区')
    .replace(/村民委员会$|村委会$/, '村')
    .replace(/居民委员会$|居委会$/, '社区');
}

/** Made up for this corpus; a few share words with real Fuyang streets, as any city's do. */
export const ROADS = [
  '人民路',
  '文化路',
  '清河路',
  '颍州路',
  '中清路',
  '三清路',
  '淮河路',
  '解放路',
  '北京路',
  '阜王路',
  '颍河路',
  '鼓楼街',
  '双清路',
  '龙华路',
  '民生路',
  '幸福路',
  '向阳路',
  '新华路',
  '南京路',
  '合肥路',
  '工业路',
  '沙河路',
  '光明路',
  '和平路',
  '健康路',
  '府前街',
  '紫阳路',
  '太和路',
  '泉北路',
  '长安路',
];

export const ESTATES = [
  '阳光花园小区',
  '金色家园',
  '清河湾小区',
  '锦绣华府',
  '幸福里小区',
  '颍河人家',
  '中央公馆',
  '书香门第小区',
  '翡翠城',
  '东方明珠小区',
  '和谐家园',
  '世纪花园',
  '绿城小区',
  '泉河苑',
  '盛世华庭',
  '新城国际',
  '碧水云天小区',
  '御景湾',
  '职工宿舍',
  '化肥厂家属院',
  '纺织厂小区',
  '丽水嘉园',
  '安居小区',
  '紫金华府',
];

/** An address in Fuyang at some depth, written the way callers write them (sometimes with no place at all). */
export function randomPlace(random: () => number): string {
  const v = villages[Math.floor(random() * villages.length)];
  const town = byCode.get(v.parentCode);
  const county = town && byCode.get(town.parentCode);
  if (!town || !county) return '我们这里';
  const village = spoken(v.name);
  const r = random();
  if (r < 0.25) return `${county.name}${town.name}${village}`;
  if (r < 0.45) return `${town.name}${village}`;
  if (r < 0.6) return `${county.name}${town.name}`;
  if (r < 0.7) return `${county.name.replace(/[县区市]$/, '')}${town.name}`;
  if (r < 0.8) return village;
  return ['我们村', '我家附近', '我们这边', '村里', '我们镇上', '老家'][Math.floor(random() * 6)];
}

export function randomCounty(random: () => number): string {
  const counties = rows.filter((r) => r.level === 'county');
  return counties[Math.floor(random() * counties.length)].name;
}
