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

/**
 * Greedy longest-first, ties to the earlier start; returned in reading order. At equal length a hit that is
 * only a bare village name yields to any other name, so 王庄-like words never hide a county or a town.
 */
function selectLongestFirst(hits: Hit[], textLength: number): Hit[] {
  if (hits.length < 2) return hits;
  const taken = new Uint8Array(textLength);
  const chosen: Hit[] = [];
  const weak = new Map<Hit, number>();
  for (const hit of hits)
    weak.set(hit, hit.value.every((t) => t.kind === 'village' && t.form === 'bare') ? 1 : 0);
  const byLength = [...hits].sort(
    (a, b) =>
      b.end - b.start - (a.end - a.start) ||
      (weak.get(a) as number) - (weak.get(b) as number) ||
      a.start - b.start,
  );
  next: for (const hit of byLength) {
    for (let i = hit.start; i < hit.end; i++) if (taken[i] === 1) continue next;
    taken.fill(1, hit.start, hit.end);
    chosen.push(hit);
  }
  return chosen.sort((a, b) => a.start - b.start);
}
