import type { PatternHit } from '../text/aho-corasick';
import type { NameAutomaton, NameTarget } from './name-index';
import { isFollowedByRoadOrEstate, isInsideOrganisationName } from './names';

export type Hit = PatternHit<readonly NameTarget[]>;

/**
 * All names in the (normalised) text, after `view` has kept the targets a resolver cares about: street and
 * estate names dropped, then longest first without overlaps, returned in reading order.
 */
export function scanNames(
  text: string,
  automaton: NameAutomaton,
  view?: (targets: readonly NameTarget[]) => readonly NameTarget[],
): Hit[] {
  const hits: Hit[] = [];
  for (const hit of automaton.findAll(text)) {
    if (view) hit.value = view(hit.value);
    if (hit.value.length > 0) hits.push(hit);
  }
  return selectLongestFirst(dropNamesInNames(text, hits), text.length);
}

/**
 * A bare name right before 路/街/小区... is a street or estate (颍州路, 苗庄小区, 合肥路), not the place itself;
 * a bare town or village name inside a business name (西湖建筑集团) is not the town. County names stay: a
 * business named after a county (临泉宾馆) is almost always in it, and the county resolver reads them too.
 * The hits are this scan's own, so their target lists are replaced in place.
 */
function dropNamesInNames(text: string, hits: Hit[]): Hit[] {
  const kept: Hit[] = [];
  for (const hit of hits) {
    if (isFollowedByRoadOrEstate(text, hit.end))
      hit.value = hit.value.filter((t) => !isBareForm(t) && t.kind !== 'outside');
    else if (isInsideOrganisationName(text, hit.end))
      hit.value = hit.value.filter((t) => !isBareTownOrVillage(t));
    if (hit.value.length > 0) kept.push(hit);
  }
  return kept;
}

function isBareForm(t: NameTarget): boolean {
  if (t.kind === 'county' || t.kind === 'town') return t.form === 'short';
  return t.kind === 'village' && t.form === 'bare';
}

function isBareTownOrVillage(t: NameTarget): boolean {
  return (t.kind === 'town' && t.form === 'short') || (t.kind === 'village' && t.form === 'bare');
}

/** Code units already covered by a chosen hit; shared by every scan and cleared after each, so never reallocated. */
let taken = new Uint8Array(1024);

/**
 * Greedy longest-first, ties to the earlier start; returned in reading order. At equal length a hit that is
 * only a bare village name yields to any other name, so 王庄-like words never hide a county or a town.
 * The hits arrive in the order findAll reports them, by end: chosen hits do not overlap, so that order is
 * also their reading order and needs no second sort.
 */
function selectLongestFirst(hits: Hit[], textLength: number): Hit[] {
  const n = hits.length;
  if (n < 2) return hits;
  if (taken.length < textLength) taken = new Uint8Array(Math.max(textLength, 2 * taken.length));
  // Twice the length, plus one unless the hit is only a bare village name: one number for both criteria.
  const rank: number[] = [];
  const order: number[] = [];
  for (let i = 0; i < n; i++) {
    const hit = hits[i];
    rank.push(2 * (hit.end - hit.start) + (isOnlyBareVillage(hit) ? 0 : 1));
    order.push(i);
  }
  const before = (a: number, b: number): boolean =>
    rank[a] > rank[b] || (rank[a] === rank[b] && hits[a].start < hits[b].start);
  // A text has a few names: insertion sort in place beats calling a comparator through Array#sort.
  if (n <= INSERTION_SORT_MAX) {
    for (let i = 1; i < n; i++) {
      const x = order[i];
      let j = i - 1;
      for (; j >= 0 && before(x, order[j]); j--) order[j + 1] = order[j];
      order[j + 1] = x;
    }
  } else order.sort((a, b) => rank[b] - rank[a] || hits[a].start - hits[b].start);
  next: for (const i of order) {
    const { start, end } = hits[i];
    for (let at = start; at < end; at++) if (taken[at] === 1) continue next;
    taken.fill(1, start, end);
    rank[i] = CHOSEN;
  }
  const chosen: Hit[] = [];
  for (let i = 0; i < n; i++) {
    if (rank[i] !== CHOSEN) continue;
    chosen.push(hits[i]);
    taken.fill(0, hits[i].start, hits[i].end);
  }
  return chosen;
}

const CHOSEN = -1;
const INSERTION_SORT_MAX = 32;

function isOnlyBareVillage(hit: Hit): boolean {
  for (const t of hit.value) if (t.kind !== 'village' || t.form !== 'bare') return false;
  return true;
}
