import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { seedRoutingContext } from '../../libs/routing/src/reference/seed-context';
import { routeItem } from '../../libs/routing/src/route-item';
import { sampleItem } from '../fixtures/appeal-item';
import { type AppealType } from '../../libs/shared/src/contracts';
import { type Division } from '../../libs/routing/src/gazetteer';
import divisions from '../../libs/shared/src/seed/fuyang-divisions.json';

interface LabelledAppeal {
  id: string;
  title?: string;
  content: string;
  appealType: AppealType;
  expected: { department: string | null; territorial: boolean };
}

export interface CorpusScore {
  items: number;
  auto: number;
  autoRate: number;
  autoCorrect: number;
  autoPrecision: number;
  triageExpected: number;
  triageCorrect: number;
  misses: { id: string; expected: string | null; got: string | null }[];
}

/**
 * The default pack against the hand-labelled corpus. Corpus messages carry no address field; one whose text names
 * no place gets a county and one of its towns (round-robin), as a 12345 call-taker would record, so that what is
 * measured is the department choice.
 */
export function scoreCorpus(): CorpusScore {
  const lines = readFileSync(join(__dirname, 'appeals-labelled.jsonl'), 'utf8').split('\n').filter(Boolean);
  const ctx = seedRoutingContext();
  const counties = ctx.gazetteer.counties();
  const towns = (divisions as Division[]).filter((d) => d.level === 'town');
  const now = new Date('2026-11-20T02:00:00Z');
  const score: CorpusScore = {
    items: 0,
    auto: 0,
    autoRate: 0,
    autoCorrect: 0,
    autoPrecision: 0,
    triageExpected: 0,
    triageCorrect: 0,
    misses: [],
  };
  lines.forEach((line, i) => {
    const a = JSON.parse(line) as LabelledAppeal;
    const county = counties[i % counties.length];
    const town = towns.find((t) => t.parentCode === county.code);
    const placed = ctx.gazetteer.resolve({ text: `${a.title ?? ''} ${a.content}` }).county;
    const item = sampleItem({
      title: a.title,
      content: a.content,
      appealType: a.appealType,
      location: placed
        ? { precision: 'none', origin: 'none' }
        : { addressText: `${county.name}${town?.name ?? ''}`, precision: 'town', origin: 'citizen' },
    });
    const d = routeItem(item, ctx, now);
    const got = d.mode === 'auto' ? (d.lead?.department ?? null) : null;
    score.items += 1;
    if (a.expected.department === null) {
      score.triageExpected += 1;
      if (got === null) score.triageCorrect += 1;
    }
    if (got !== null) {
      score.auto += 1;
      if (got === a.expected.department) score.autoCorrect += 1;
    }
    if (got !== a.expected.department) score.misses.push({ id: a.id, expected: a.expected.department, got });
  });
  score.autoRate = score.auto / score.items;
  score.autoPrecision = score.autoCorrect / Math.max(1, score.auto);
  return score;
}
