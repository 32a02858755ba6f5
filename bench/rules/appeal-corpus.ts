import divisions from '../../libs/shared/src/seed/fuyang-divisions.json';
import { APPEAL_TYPE_BY_LABEL } from '../../libs/shared/src/contracts';
import type { RuleInput } from '../../libs/routing/src/rules';
import { APPEAL_TEMPLATES, OPENER_VERB } from '../../test/simulator/appeal-templates';
import { buildPlace, COUNTIES } from '../../test/simulator/fuyang-places';
import { createRng, type Rng } from '../../test/simulator/prng';

/** Channel mix of a typical month: the hotline dominates. */
const CHANNELS: readonly [string, number][] = [
  ['hotline_12345', 0.62],
  ['mayor_mailbox', 0.1],
  ['people_liuyan', 0.08],
  ['miniapp', 0.08],
  ['new_media', 0.05],
  ['media_hotline', 0.03],
  ['public_opinion', 0.02],
  ['gov_supervision', 0.02],
];

const OPENERS: Readonly<Record<string, string>> = {
  hotline_12345: '市民来电',
  mayor_mailbox: '市民来信',
  people_liuyan: '网民留言',
  miniapp: '市民通过小程序',
  new_media: '网民通过政务新媒体',
  media_hotline: '市民通过电台热线',
  public_opinion: '网络舆情',
  gov_supervision: '群众通过互联网+督查平台',
};

const TOWN_CODES = new Map(
  divisions.filter((d) => d.level === 'town').map((d) => [`${d.parentCode}|${d.name}`, d.code] as const),
);

function pickWeighted(rng: Rng, items: readonly [string, number][]): string {
  let x = rng.next();
  for (const [item, weight] of items) {
    if ((x -= weight) < 0) return item;
  }
  return items[items.length - 1][0];
}

/** Shanghai wall-clock time in November 2026, written with its +08:00 offset. */
function receivedAt(rng: Rng): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const hour = rng.chance(0.15) ? rng.pick([22, 23, 0, 1, 5, 6]) : rng.int(7, 21);
  return `2026-11-${pad(rng.int(1, 30))}T${pad(hour)}:${pad(rng.int(0, 59))}:${pad(rng.int(0, 59))}+08:00`;
}

/**
 * A fixed set of realistic appeals: the simulator's 12345 work-order templates with places from the Fuyang
 * gazetteer, a channel mix, and one appeal in five raising a second matter (so several rules compete).
 */
export function generateAppeals(count: number, seed = 20261120): RuleInput[] {
  const rng = createRng(seed);
  const appeals: RuleInput[] = [];
  for (let i = 0; i < count; i++) {
    const template = rng.pick(APPEAL_TEMPLATES);
    const type = rng.pick(template.types);
    const county = rng.pick(COUNTIES);
    const place = rng.chance(0.85) ? buildPlace(county, template.setting, rng) : null;
    const channel = pickWeighted(rng, CHANNELS);
    let content = `${OPENERS[channel]}${OPENER_VERB[type]}：${template.body(place?.mention ?? null, rng)}`;
    if (rng.chance(0.2)) {
      const other = rng.pick(APPEAL_TEMPLATES);
      content += `另外，${other.body(null, rng)}`;
    }
    const town = place ? TOWN_CODES.get(`${place.countyCode}|${place.townName}`) : undefined;
    appeals.push({
      title: rng.chance(0.9) ? template.title : undefined,
      content,
      address: place?.address,
      channel,
      appealType: APPEAL_TYPE_BY_LABEL[type] ?? 'other',
      codes: place ? { county: place.countyCode, ...(town ? { town } : {}) } : {},
      sourceTypeLabel: type,
      riskFlags: rng.chance(0.05) ? ['repeat_caller'] : [],
      receivedAt: receivedAt(rng),
    });
  }
  return appeals;
}
