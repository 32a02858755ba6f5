import { type AppealItemV1, type Decision } from '@minsheng/shared/contracts';
import { maskText } from '@minsheng/shared/pii';

/** What an admin compares between two rule sets for one item. */
export interface Outcome {
  mode: Decision['mode'];
  reason?: string;
  county?: string;
  countyCode?: string;
  town?: string;
  townCode?: string;
  department?: string;
  unitName?: string;
  grade: Decision['grade'];
}

export interface SimulationExample {
  itemId: string;
  title: string;
  before: Outcome;
  after: Outcome;
}

export const CHANGE_KINDS = ['jurisdiction', 'department', 'grade', 'mode'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

export interface SimulationDiff {
  totals: { items: number; changed: number; unchanged: number; failed: number };
  changes: {
    /** County or town differs. */
    jurisdiction: number;
    county: number;
    town: number;
    /** The lead department differs (a department appearing or disappearing counts). */
    department: number;
    grade: number;
    /** auto ↔ triage. */
    mode: number;
    autoToTriage: number;
    triageToAuto: number;
  };
  /** Lead department before → after, most frequent first ('' = no department). */
  departmentMoves: { from: string; to: string; items: number }[];
  /** Up to `examples` items per kind of change, in the order the items were read (newest first). */
  examples: Record<ChangeKind, SimulationExample[]>;
  /** Items routeItem threw on (with either rule set): the router would dead-letter them. */
  failures: { itemId: string; error: string }[];
}

export function outcomeOf(d: Decision): Outcome {
  return {
    mode: d.mode,
    reason: d.mode === 'triage' ? d.reason : undefined,
    county: d.jurisdiction.county,
    countyCode: d.jurisdiction.codes.county,
    town: d.jurisdiction.town,
    townCode: d.jurisdiction.codes.town,
    department: d.lead?.department,
    unitName: d.lead?.unitName,
    grade: d.grade,
  };
}

/** Which kinds of change separate two outcomes of one item. */
export function changesBetween(before: Outcome, after: Outcome): ChangeKind[] {
  const kinds: ChangeKind[] = [];
  if (before.countyCode !== after.countyCode || before.townCode !== after.townCode)
    kinds.push('jurisdiction');
  if (before.department !== after.department) kinds.push('department');
  if (before.grade !== after.grade) kinds.push('grade');
  if (before.mode !== after.mode) kinds.push('mode');
  return kinds;
}

function titleOf(item: AppealItemV1): string {
  const text = item.title?.trim() || item.content.slice(0, 40);
  return maskText(text);
}

/** Accumulates the difference item by item, so a large sample is never held as decisions in memory. */
export class SimulationDiffBuilder {
  private readonly diff: SimulationDiff = {
    totals: { items: 0, changed: 0, unchanged: 0, failed: 0 },
    changes: {
      jurisdiction: 0,
      county: 0,
      town: 0,
      department: 0,
      grade: 0,
      mode: 0,
      autoToTriage: 0,
      triageToAuto: 0,
    },
    departmentMoves: [],
    examples: { jurisdiction: [], department: [], grade: [], mode: [] },
    failures: [],
  };
  private readonly moves = new Map<string, number>();

  constructor(private readonly examplesPerKind: number) {}

  add(item: AppealItemV1, before: Outcome, after: Outcome): void {
    const { totals, changes, examples } = this.diff;
    totals.items += 1;
    const kinds = changesBetween(before, after);
    if (!kinds.length) {
      totals.unchanged += 1;
      return;
    }
    totals.changed += 1;
    for (const kind of kinds) {
      changes[kind] += 1;
      if (examples[kind].length < this.examplesPerKind)
        examples[kind].push({ itemId: item.id, title: titleOf(item), before, after });
    }
    if (before.countyCode !== after.countyCode) changes.county += 1;
    if (before.townCode !== after.townCode) changes.town += 1;
    if (before.mode === 'auto' && after.mode === 'triage') changes.autoToTriage += 1;
    if (before.mode === 'triage' && after.mode === 'auto') changes.triageToAuto += 1;
    if (kinds.includes('department')) {
      const key = `${before.department ?? ''}\u0000${after.department ?? ''}`;
      this.moves.set(key, (this.moves.get(key) ?? 0) + 1);
    }
  }

  fail(item: AppealItemV1, error: unknown): void {
    this.diff.totals.items += 1;
    this.diff.totals.failed += 1;
    if (this.diff.failures.length < this.examplesPerKind)
      this.diff.failures.push({
        itemId: item.id,
        error: error instanceof Error ? error.message : String(error),
      });
  }

  result(): SimulationDiff {
    const departmentMoves = [...this.moves]
      .map(([key, items]) => {
        const [from, to] = key.split('\u0000');
        return { from, to, items };
      })
      .sort((a, b) => b.items - a.items || a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
    return { ...this.diff, departmentMoves };
  }
}
