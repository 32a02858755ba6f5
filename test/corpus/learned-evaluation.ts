import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { appealText, type TextModel, trainTextModel } from '../../libs/learning/src';
import { type Division } from '../../libs/routing/src/gazetteer';
import { routeItem } from '../../libs/routing/src/route-item';
import { seedRoutingContext } from '../../libs/routing/src/reference/seed-context';
import { type AppealType } from '../../libs/shared/src/contracts';
import divisions from '../../libs/shared/src/seed/fuyang-divisions.json';
import { sampleItem } from '../fixtures/appeal-item';
import { splitOf } from './extended/generate';

export interface CorpusMessage {
  id: string;
  title?: string;
  content: string;
  appealType: AppealType;
  expected: { department: string | null; territorial: boolean };
  split: 'train' | 'test';
  issue?: string;
}

function read(file: string): Omit<CorpusMessage, 'split'>[] {
  return readFileSync(join(__dirname, file), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as CorpusMessage);
}

/**
 * The hand-written 300 and the extended lines. `by: 'id'` is the fixed split written in the file (a stable hash
 * of the id). `by: 'issue'` keeps every line composed from one bank issue on the same side, so no test line's
 * issue was trained on in other words: the harder, more honest measure of what the model learned.
 */
export function labelledCorpus(by: 'id' | 'issue' = 'id'): CorpusMessage[] {
  const written = read('appeals-labelled.jsonl').map((m) => ({ ...m, split: splitOf(m.id) }));
  const extended = read('appeals-extended.jsonl') as CorpusMessage[];
  return [
    ...written,
    ...(by === 'id' ? extended : extended.map((m) => ({ ...m, split: splitOf(m.issue ?? m.id) }))),
  ];
}

export interface PathScore {
  /** Test messages that have a department. */
  messages: number;
  proposed: number;
  correct: number;
  /** proposed / messages */
  coverage: number;
  /** correct / proposed */
  precision: number;
  /** correct / messages */
  recall: number;
}

export interface LearnedScore {
  model: TextModel;
  learned: PathScore;
  rules: PathScore;
  combined: PathScore;
  /** Test messages labelled for triage (null) that the combined path would still route. */
  triageLabelledRouted: number;
  triageLabelled: number;
  /** Held-out calibration: mean confidence vs accuracy of the model's proposals on the test split. */
  meanConfidence: number;
}

function score(guesses: readonly { expected: string; got: string | null }[]): PathScore {
  const proposed = guesses.filter((g) => g.got !== null).length;
  const correct = guesses.filter((g) => g.got === g.expected).length;
  const r = (a: number, b: number) => (b === 0 ? 0 : Math.round((a / b) * 1e4) / 1e4);
  return {
    messages: guesses.length,
    proposed,
    correct,
    coverage: r(proposed, guesses.length),
    precision: r(correct, proposed),
    recall: r(correct, guesses.length),
  };
}

/**
 * Train on the train split, then on every test message: the model alone (its first suggestion at or above its
 * threshold), the default rule pack alone (the lead routeItem names), and both (rules decide when they name a
 * lead, else the model above its threshold). As in corpus-evaluation.ts, a message that names no place gets a
 * county and town in its address, so what is measured is the department.
 */
export function scoreLearned(by: 'id' | 'issue' = 'id'): LearnedScore {
  const corpus = labelledCorpus(by);
  const train = corpus.filter((m) => m.split === 'train' && m.expected.department !== null);
  const test = corpus.filter((m) => m.split === 'test');
  const model = trainTextModel(
    train.map((m) => ({ text: appealText(m.title, m.content), department: m.expected.department as string })),
  );
  const ctx = seedRoutingContext();
  const counties = ctx.gazetteer.counties();
  const towns = (divisions as Division[]).filter((d) => d.level === 'town');
  const now = new Date('2026-11-20T02:00:00Z');
  const rows = test.map((m, i) => {
    const county = counties[i % counties.length];
    const town = towns.find((t) => t.parentCode === county.code);
    const placed = ctx.gazetteer.resolve({ text: `${m.title ?? ''} ${m.content}` }).county;
    const item = sampleItem({
      title: m.title,
      content: m.content,
      appealType: m.appealType,
      location: placed
        ? { precision: 'none', origin: 'none' }
        : { addressText: `${county.name}${town?.name ?? ''}`, precision: 'town', origin: 'citizen' },
    });
    const rule = routeItem(item, ctx, now).lead?.department ?? null;
    const [top] = model.suggest(appealText(m.title, m.content), 1);
    const learned = top.confidence >= model.threshold ? top.department : null;
    return { expected: m.expected.department, rule, learned, confidence: top.confidence };
  });
  const labelled = rows.filter((r): r is typeof r & { expected: string } => r.expected !== null);
  const nulls = rows.filter((r) => r.expected === null);
  const proposals = labelled.filter((r) => r.learned !== null);
  return {
    model,
    learned: score(labelled.map((r) => ({ expected: r.expected, got: r.learned }))),
    rules: score(labelled.map((r) => ({ expected: r.expected, got: r.rule }))),
    combined: score(labelled.map((r) => ({ expected: r.expected, got: r.rule ?? r.learned }))),
    triageLabelled: nulls.length,
    triageLabelledRouted: nulls.filter((r) => (r.rule ?? r.learned) !== null).length,
    meanConfidence:
      Math.round((proposals.reduce((s, r) => s + r.confidence, 0) / Math.max(1, proposals.length)) * 1e4) /
      1e4,
  };
}
