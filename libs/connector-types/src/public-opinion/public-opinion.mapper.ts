import { maskName } from '@minsheng/shared/pii';
import { type ItemDraft } from '@minsheng/connector-sdk';
import { type PublicOpinionConfig } from './public-opinion.config';
import { type OpinionHit } from './public-opinion.record';

/** Keywords that make a hit a risk beyond its sentiment; checked against the task's matched keywords. */
export const RISK_KEYWORDS: readonly (readonly [flag: string, words: readonly string[]])[] = [
  ['mass_incident', ['群体', '聚集', '维权', '上访', '堵路', '拉横幅', '讨薪']],
  ['safety', ['爆炸', '火灾', '起火', '坍塌', '中毒', '泄漏', '溺水', '死亡']],
];

const MAX_TITLE = 500;
const MAX_CONTENT = 20000;

export function msToShanghaiIso(ms: number): string {
  return `${new Date(ms + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;
}

/** Flags in a fixed order (hot, negative, then the keyword flags), so the draft hashes the same every run. */
export function riskFlags(hit: OpinionHit, riskHotness: number): string[] {
  const flags: string[] = [];
  if (hit.hotness >= riskHotness) flags.push('hot');
  if (hit.sentiment === 'negative') flags.push('negative');
  const keywords = hit.keywords.map((k) => k.trim()).filter(Boolean);
  for (const [flag, words] of RISK_KEYWORDS)
    if (keywords.some((k) => words.some((w) => k.includes(w)))) flags.push(flag);
  return flags;
}

export type MapResult = { draft: ItemDraft } | { error: string };

/** Authors of public posts are public, but masked as everywhere in the hub. Fixed key order: the draft is hashed. */
export function mapHit(hit: OpinionHit, config: Pick<PublicOpinionConfig, 'riskHotness'>): MapResult {
  const title = hit.title.trim();
  const content = hit.text.trim() || title;
  if (!content) return { error: 'hit has neither text nor title' };
  const author = hit.author.trim();
  return {
    draft: {
      externalUrl: hit.url,
      submittedAt: msToShanghaiIso(hit.publish_time),
      title: title ? [...title].slice(0, MAX_TITLE).join('') : undefined,
      content: [...content].slice(0, MAX_CONTENT).join(''),
      appealType: hit.sentiment === 'negative' ? 'complaint' : 'other',
      sourceTypeLabel: hit.media_type.trim() || undefined,
      sourceDomainLabel: hit.platform.trim() || undefined,
      location: { precision: 'none', origin: 'none' },
      reporter: { nameMasked: author ? maskName(author) : undefined, anonymous: false, publicVisible: true },
      attachments: [],
      sentiment: hit.sentiment,
      riskFlags: riskFlags(hit, config.riskHotness),
    },
  };
}
