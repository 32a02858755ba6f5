/*
 * Precedence, and why:
 *
 * - Names are taken longest first and never overlap, so 阜阳 cannot eat 阜阳经济技术开发区 and 城关 cannot
 *   hide 城关街道. The city name is consumed but never decides anything: every appeal is in 阜阳.
 * - A bare name right before 路/街/小区... is a street or estate in the city centre (颍州路, 太和路), not the
 *   county, so it is dropped before anything else looks at it.
 * - A county written out wins over anything inferred from towns. Writing the county is deliberate; a town name
 *   is often incidental (a market, a bus line, where a relative lives) and bare town names clash with villages.
 * - A town of the named county confirms it and pins the town, hence the highest confidence. That is also the
 *   only thing that separates two named counties: the one with its own town in the text is where it happens.
 *   Full versus short county name is style, not certainty, so it breaks no tie.
 * - Any remaining tie returns null. A wrong county means a misrouted order and days lost while it bounces
 *   back; null means one look by a human in triage.
 * - Without a county name, only towns that exist in exactly one county count. A full town name outranks a
 *   bare one (王集, 新集 also name villages and shops); conflicting evidence of equal weight is again null.
 */
import type { CountyMatch, Division } from './division';
import type { NameAutomaton, NameForm, NameTarget } from './name-index';
import { scanNames, type Hit } from './scan';

export const CONFIDENCE = {
  countyWithTown: 0.98,
  countyFull: 0.95,
  countyShort: 0.85,
  townFull: 0.8,
  townShort: 0.6,
} as const;

type CountyTarget = Extract<NameTarget, { kind: 'county' }>;
type TownTarget = Extract<NameTarget, { kind: 'town' }>;

interface CountyMention {
  hit: Hit;
  target: CountyTarget;
}

interface TownMention {
  hit: Hit;
  towns: TownTarget[];
}

/** `text` must already be normalised; `lookup` gives names for the codes the index points to. */
export function resolveCountyInText(
  text: string,
  automaton: NameAutomaton,
  lookup: (code: string) => Division | undefined,
): CountyMatch | null {
  const hits = scanNames(text, automaton, countyLevelTargets);
  const counties: CountyMention[] = [];
  const towns: TownMention[] = [];
  for (const hit of hits) {
    for (const target of hit.value) if (target.kind === 'county') counties.push({ hit, target });
    const townTargets = hit.value.filter((t): t is TownTarget => t.kind === 'town');
    if (townTargets.length > 0) towns.push({ hit, towns: townTargets });
  }
  const decision = counties.length > 0 ? decideByNamedCounty(counties, towns) : decideByTowns(towns);
  return decision ? toMatch(decision, lookup) : null;
}

interface Decision {
  countyCode: string;
  town?: TownTarget;
  confidence: number;
  evidence: Hit[];
}

function decideByNamedCounty(counties: CountyMention[], towns: TownMention[]): Decision | null {
  const codes = [...new Set(counties.map((m) => m.target.code))];
  const candidates = codes.map((code) => {
    const mention = strongest(
      counties.filter((m) => m.target.code === code),
      (m) => m.target.form,
    );
    const town = strongestTownIn(code, towns, mention.hit);
    return { code, mention, town };
  });
  const confirmed = candidates.filter((c) => c.town !== undefined);
  const top = confirmed.length > 0 ? confirmed : candidates;
  if (top.length !== 1) return null;

  const { code, mention, town } = top[0];
  if (town) {
    return {
      countyCode: code,
      town: singleTown(town.towns, code),
      confidence: CONFIDENCE.countyWithTown,
      evidence: [mention.hit, town.hit],
    };
  }
  const confidence = mention.target.form === 'full' ? CONFIDENCE.countyFull : CONFIDENCE.countyShort;
  return { countyCode: code, confidence, evidence: [mention.hit] };
}

function decideByTowns(towns: TownMention[]): Decision | null {
  const unique = towns.filter((m) => new Set(m.towns.map((t) => t.countyCode)).size === 1);
  const byCounty = new Map<string, { mention: TownMention; confidence: number }>();
  for (const mention of unique) {
    const countyCode = mention.towns[0].countyCode;
    const confidence = townConfidence(bestForm(mention.towns));
    const seen = byCounty.get(countyCode);
    if (!seen || confidence > seen.confidence) byCounty.set(countyCode, { mention, confidence });
  }
  if (byCounty.size === 0) return null;
  const best = Math.max(...[...byCounty.values()].map((e) => e.confidence));
  const top = [...byCounty.entries()].filter(([, e]) => e.confidence === best);
  if (top.length !== 1) return null;

  const [countyCode, { mention, confidence }] = top[0];
  return { countyCode, town: singleTown(mention.towns, countyCode), confidence, evidence: [mention.hit] };
}

/** The first town mention in reading order that belongs to the county, a full name beating a bare one. */
function strongestTownIn(countyCode: string, towns: TownMention[], countyHit: Hit): TownMention | undefined {
  const inCounty = towns
    .filter((m) => m.hit !== countyHit)
    .map((m) => ({ hit: m.hit, towns: m.towns.filter((t) => t.countyCode === countyCode) }))
    .filter((m) => m.towns.length > 0);
  return inCounty.length > 0 ? strongest(inCounty, (m) => bestForm(m.towns)) : undefined;
}

/** Two same-named towns in one county would still confirm it, but we cannot say which town it is. */
function singleTown(towns: TownTarget[], countyCode: string): TownTarget | undefined {
  const inCounty = towns.filter((t) => t.countyCode === countyCode);
  return inCounty.length === 1 ? inCounty[0] : undefined;
}

const FORM_STRENGTH: Record<NameForm, number> = { full: 2, alias: 1, short: 0 };

/** Stable: among equally strong items the earliest in the list (reading order) wins. */
function strongest<T>(items: readonly T[], formOf: (item: T) => NameForm): T {
  let best = items[0];
  for (const item of items) if (FORM_STRENGTH[formOf(item)] > FORM_STRENGTH[formOf(best)]) best = item;
  return best;
}

function bestForm(targets: readonly TownTarget[]): NameForm {
  return strongest(targets, (t) => t.form).form;
}

function townConfidence(form: NameForm): number {
  return form === 'short' ? CONFIDENCE.townShort : CONFIDENCE.townFull;
}

/**
 * This resolver works on counties and towns only, exactly as before villages joined the index: village names
 * are left out (so they neither hide nor add evidence), and an admin alias counts as an alias of its county or
 * town, a village-level alias (an estate, a POI) as an alias of the village's town.
 */
function countyLevelTargets(targets: readonly NameTarget[]): NameTarget[] {
  const cities = targets.filter((t) => t.kind === 'city');
  const named: (CountyTarget | TownTarget)[] = [];
  const push = (t: CountyTarget | TownTarget): void => {
    const same = named.findIndex((o) => o.kind === t.kind && o.code === t.code);
    if (same < 0) named.push(t);
    else if (FORM_STRENGTH[t.form] > FORM_STRENGTH[named[same].form]) named[same] = t;
  };
  for (const t of targets) {
    if (t.kind === 'county' || t.kind === 'town') push(t);
    else if (t.kind === 'admin' && t.level === 'county') {
      push({ kind: 'county', code: t.code, form: 'alias' });
    } else if (t.kind === 'admin' && t.townCode !== undefined) {
      push({ kind: 'town', code: t.townCode, countyCode: t.countyCode, form: 'alias' });
    }
  }
  return [...cities, ...named];
}

function toMatch(decision: Decision, lookup: (code: string) => Division | undefined): CountyMatch {
  const county = lookup(decision.countyCode);
  if (!county) throw new Error(`Gazetteer: index points to missing county ${decision.countyCode}`);
  const town = decision.town ? lookup(decision.town.code) : undefined;
  const matchedText = [...decision.evidence]
    .sort((a, b) => a.start - b.start)
    .map((h) => h.pattern)
    .join(' ');
  return {
    countyCode: county.code,
    countyName: county.name,
    ...(town ? { townCode: town.code, townName: town.name } : {}),
    method: 'gazetteer_text',
    confidence: decision.confidence,
    matchedText,
  };
}
