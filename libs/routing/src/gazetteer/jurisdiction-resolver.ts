/*
 * County → town/street → village/community, and why in this order:
 *
 * - Structured data first: a division code the channel gave (adcode), then the channel's own structure (a
 *   People's board, a mailbox owner) through the hint table, then names admins maintain (aliases, estates and
 *   other POIs), then the gazetteer names in the text. The first step that answers fixes the place; later steps
 *   may only go deeper inside it, and whatever points elsewhere is reported in the evidence and not used.
 * - All names are found in one Aho-Corasick pass, longest first without overlaps (see scan.ts), so
 *   苗庄社区居委会 is one name, not 苗庄 + 社区, and 清河街道 is the street, not the village 清河.
 * - Levels must agree. Towns are read inside the county, villages inside the town (or the county when no
 *   town is named), so a village name shared by several towns is settled by the town or county named with it.
 * - A name that contradicts the answer (a town of another county, a village of another town) never moves it:
 *   the explicit higher level wins, the lower one is dropped and, when the answer itself came from the text,
 *   confidence is capped at 0.6 with the contradiction in the evidence. Codes from the channel are not capped:
 *   they are structured, the text is free.
 * - Without any county or town in the text, only a village name that is unique in the table and either a
 *   committee name (苗庄社区居委会) or at least three characters long (张大郢) places an appeal. 2-character
 *   bare names (王庄, 李楼) are everywhere in Chinese addresses, also as natural villages outside the table:
 *   they give `ambiguous` candidates and a confidence below 0.5, so the item goes to a person in triage.
 */
import type { Division, DivisionLevel, JurisdictionMethod, JurisdictionResult } from './division';
import type { NameForm, NameTarget } from './name-index';
import type { Hit } from './scan';

/** The confidence of the deepest level returned; the router dispatches from 0.5. */
export const JURISDICTION_CONFIDENCE = {
  adcode: 1,
  /** A county named together with one of its towns, or with a committee name or 3+ character village name in it. */
  countyWithLower: 0.98,
  alias: 0.95,
  countyFull: 0.95,
  channelHint: 0.9,
  /** A town (no county named) confirmed by a committee name or 3+ character village name inside it. */
  townWithVillage: 0.9,
  countyShort: 0.85,
  townFull: 0.8,
  /** A village name unique in the table, committee name or 3+ characters, with nothing else named. */
  villageAlone: 0.7,
  townShort: 0.6,
  /** Upper bound once a name in the text contradicts a text-derived answer. */
  contradictionCap: 0.6,
  /** No answer, but candidates: below the router's threshold on purpose. */
  ambiguous: 0.3,
  none: 0,
} as const;

type CountyTarget = Extract<NameTarget, { kind: 'county' }>;
type TownTarget = Extract<NameTarget, { kind: 'town' }>;
type VillageTarget = Extract<NameTarget, { kind: 'village' }>;
type AdminTarget = Extract<NameTarget, { kind: 'admin' }>;
type PlaceTarget = Exclude<NameTarget, { kind: 'city' } | { kind: 'outside' }>;

interface Mention {
  hit: Hit;
  counties: CountyTarget[];
  towns: TownTarget[];
  villages: VillageTarget[];
  admins: AdminTarget[];
  /** 阜阳 itself is named. */
  city: boolean;
  /** Provinces and cities outside 阜阳. */
  outside: string[];
}

/** An answer the channel gave with the item, already looked up. */
export interface StructuredAnswer {
  division: Division;
  method: 'adcode' | 'channel_hint';
  confidence: number;
  evidence: string;
}

interface Answer {
  division: Division;
  method: Exclude<JurisdictionMethod, 'none'>;
  confidence: number;
}

type Lookup = (code: string) => Division | undefined;

/**
 * `hits` come from scanNames over the normalised text; `structured` are the adcode and hint answers in that
 * order; `notes` are evidence lines that precede everything (an unknown adcode...).
 */
export function resolveJurisdictionFrom(
  hits: readonly Hit[],
  lookup: Lookup,
  structured: readonly StructuredAnswer[],
  notes: readonly string[],
): JurisdictionResult {
  return new Resolution(readAddressStyle(hits.map(toMention)), lookup, [...notes]).run(structured);
}

/**
 * Address style: a bare name written right after a full town name (王店镇王店, 段郢乡太和, 鼓楼街道清河) that is a
 * village of that town is the village, even when the same characters are also a county's or a town's short
 * name. Apart from that, a short county or town name reads as the county or town.
 */
function readAddressStyle(mentions: Mention[]): Mention[] {
  return mentions.map((m, i) => {
    const before = mentions[i - 1] as Mention | undefined;
    if (!before || before.hit.end !== m.hit.start) return m;
    const towns = new Set(before.towns.filter((t) => t.form !== 'short').map((t) => t.code));
    const villages = m.villages.filter((v) => towns.has(v.townCode));
    const onlyShort = [...m.counties, ...m.towns].every((t) => t.form === 'short');
    if (villages.length === 0 || !onlyShort || m.admins.length > 0) return m;
    return { ...m, counties: [], towns: [], villages };
  });
}

const C = JURISDICTION_CONFIDENCE;

class Resolution {
  private answer: Answer | undefined;
  private ambiguous: JurisdictionResult['ambiguous'];
  /** Mentions already accounted for: they decided a level, were weighed and lost, or were ambiguous. */
  private readonly used = new Set<Mention>();

  constructor(
    private readonly mentions: readonly Mention[],
    private readonly lookup: Lookup,
    private readonly evidence: string[],
  ) {}

  run(structured: readonly StructuredAnswer[]): JurisdictionResult {
    for (const s of structured) this.offer(s.division, s.method, s.confidence, s.evidence);
    this.offerAliases();
    const answer = this.answer;
    if (answer) {
      this.refine(answer.division);
      this.checkContradictions(answer.method === 'alias');
    } else {
      this.fromText();
    }
    return this.result();
  }

  /** A step's answer: the first one wins, a later one may only go deeper inside it. */
  private offer(division: Division, method: Answer['method'], confidence: number, note: string): boolean {
    const current = this.answer;
    if (!current) {
      this.answer = { division, method, confidence };
      this.evidence.push(note);
      return true;
    }
    if (division.code !== current.division.code && this.isWithin(division, current.division)) {
      this.evidence.push(`${note} (refines ${label(current.division)})`);
      current.division = division;
      return true;
    }
    if (this.isWithin(current.division, division)) {
      this.evidence.push(`${note} (agrees)`);
      return true;
    }
    this.evidence.push(`${note}: outside ${label(current.division)}, not used`);
    return false;
  }

  // ---- step 3: admin aliases and POIs ----

  private offerAliases(): void {
    const mentions = this.mentions.filter((m) => m.admins.length > 0);
    if (mentions.length === 0) return;
    const found = new Map<string, { division: Division; line: string }>();
    for (const m of mentions) {
      this.used.add(m);
      for (const t of m.admins) {
        const division = this.lookup(t.code);
        if (!division || found.has(t.code)) continue;
        const note = t.note === undefined ? '' : ` (${t.note})`;
        found.set(t.code, { division, line: `alias 「${m.hit.pattern}」 → ${label(division)}${note}` });
      }
    }
    const divisions = [...found.values()].map((f) => f.division);
    // All on one line of descent (置地双清湾 → a community, 城南新区 → its street): the deepest one answers.
    const deepest = divisions.find((d) => divisions.every((o) => this.isWithin(d, o)));
    if (deepest) {
      for (const f of found.values()) if (f.division !== deepest) this.evidence.push(f.line);
      this.offer(deepest, 'alias', C.alias, found.get(deepest.code)?.line ?? label(deepest));
      return;
    }
    for (const f of found.values()) this.evidence.push(f.line);
    const common = this.commonAncestor(divisions);
    if (!common) {
      this.evidence.push('aliases point to different counties: not used');
      this.ambiguous ??= {
        level: 'county',
        candidates: unique(divisions.map((d) => this.chain(d).county?.code ?? d.code)),
      };
      return;
    }
    const below: DivisionLevel = common.level === 'county' ? 'town' : 'village';
    if (this.offer(common, 'alias', C.alias, `aliases disagree below ${label(common)}`)) {
      this.ambiguous = {
        level: below,
        candidates: unique(divisions.map((d) => this.chain(d)[below]?.code ?? d.code)),
      };
    }
  }

  // ---- step 4: gazetteer names in the text ----

  private fromText(): void {
    const counties = this.mentions.filter((m) => !this.used.has(m) && m.counties.length > 0);
    if (counties.length > 0) {
      this.fromNamedCounty(counties);
      return;
    }
    if (this.fromTowns()) return;
    if (this.fromVillagesAlone()) return;
    if (!this.ambiguous) this.evidence.push('no place of the gazetteer named in the text');
  }

  /**
   * A county written out wins over anything inferred. Two named counties: the one with its own town (or a
   * trusted village name) in the text wins, as in the county resolver; otherwise there is no answer.
   */
  private fromNamedCounty(countyMentions: Mention[]): void {
    const codes = uniqueOf(
      countyMentions,
      (m) => m.counties,
      (t) => t.code,
    );
    const confirmedBy = (code: string): Mention | undefined =>
      this.mentions.find(
        (m) =>
          !this.used.has(m) &&
          !m.counties.some((t) => t.code === code) &&
          (m.towns.some((t) => t.countyCode === code) ||
            m.villages.some((v) => v.countyCode === code && trusted(v))),
      );
    const candidates = codes.map((code) => ({ code, by: confirmedBy(code) }));
    const confirmed = candidates.filter((c) => c.by !== undefined);
    const top = confirmed.length > 0 ? confirmed : candidates;
    for (const m of countyMentions) this.used.add(m);
    if (top.length !== 1) {
      for (const m of countyMentions) this.evidence.push(this.mentionLine(m, m.counties));
      this.evidence.push(`${top.length} counties named with equal evidence: no answer`);
      this.ambiguous = { level: 'county', candidates: top.map((c) => c.code).sort() };
      return;
    }
    const code = top[0].code;
    const county = this.lookup(code);
    if (!county) throw new Error(`Gazetteer: index points to missing county ${code}`);
    const own = countyMentions.filter((m) => m.counties.some((t) => t.code === code));
    const strongestOwn = strongest(own, (m) => bestForm(m.counties.filter((t) => t.code === code)));
    const form = bestForm(strongestOwn.counties.filter((t) => t.code === code));
    this.evidence.push(this.mentionLine(strongestOwn, [county.code]));
    for (const m of countyMentions.filter((x) => !own.includes(x))) {
      this.evidence.push(`also named: ${this.mentionLine(m, m.counties)}, without a town or village of it`);
    }
    const confidence =
      confirmed.length > 0 ? C.countyWithLower : form === 'full' ? C.countyFull : C.countyShort;
    this.answer = { division: county, method: 'gazetteer_text', confidence };
    this.refine(county);
    this.checkContradictions(true);
  }

  /**
   * No county named: a town found in one county only gives that county, a full name outranking a bare one.
   * Equal evidence in several counties is settled only by a village named inside exactly one of the towns.
   */
  private fromTowns(): boolean {
    const townMentions = this.mentions.filter((m) => !this.used.has(m) && m.towns.length > 0);
    if (townMentions.length === 0) return false;
    const byCounty = new Map<string, number>();
    for (const m of townMentions) {
      const counties = unique(m.towns.map((t) => t.countyCode));
      if (counties.length !== 1) continue;
      const confidence = bestForm(m.towns) === 'short' ? C.townShort : C.townFull;
      byCounty.set(counties[0], Math.max(confidence, byCounty.get(counties[0]) ?? 0));
    }
    const best = Math.max(0, ...byCounty.values());
    const top = [...byCounty.entries()].filter(([, confidence]) => confidence === best);
    if (top.length === 1) {
      const county = this.lookup(top[0][0]);
      if (!county) throw new Error(`Gazetteer: index points to missing county ${top[0][0]}`);
      this.answer = { division: county, method: 'gazetteer_text', confidence: best };
      this.refine(county);
      this.checkContradictions(true);
      return true;
    }

    const candidateTowns = unique(townMentions.flatMap((m) => m.towns.map((t) => t.code)));
    const picks = this.mentions
      .filter((m) => !this.used.has(m) && !townMentions.includes(m))
      .flatMap((m) => m.villages.filter((v) => candidateTowns.includes(v.townCode)));
    const pickedTowns = unique(picks.map((v) => v.townCode));
    if (pickedTowns.length === 1) {
      const town = this.lookup(pickedTowns[0]);
      if (!town) throw new Error(`Gazetteer: index points to missing town ${pickedTowns[0]}`);
      const by = townMentions.find((m) => m.towns.some((t) => t.code === town.code));
      for (const m of townMentions) this.used.add(m);
      if (by) this.evidence.push(this.mentionLine(by, [town.code]));
      const confidence = picks.some(trusted) ? C.townWithVillage : C.townShort;
      this.answer = { division: town, method: 'gazetteer_text', confidence };
      this.refineVillage(town);
      this.checkContradictions(true);
      return true;
    }
    for (const m of townMentions) this.evidence.push(this.mentionLine(m, m.towns));
    this.evidence.push('towns of different counties with equal evidence: no answer from towns');
    this.ambiguous = { level: 'town', candidates: candidateTowns.sort() };
    return false;
  }

  /** Nothing above village level named: only a unique committee name or 3+ character name places the item. */
  private fromVillagesAlone(): boolean {
    const villageMentions = this.mentions.filter((m) => !this.used.has(m) && m.villages.length > 0);
    if (villageMentions.length === 0) return false;
    const strong = villageMentions.filter((m) => m.villages.some(trusted));
    if (strong.length > 0) {
      const codes = unique(strong.flatMap((m) => m.villages.filter(trusted).map((v) => v.code))).sort();
      if (codes.length === 1) {
        const village = this.lookup(codes[0]);
        if (!village) throw new Error(`Gazetteer: index points to missing village ${codes[0]}`);
        for (const m of strong) this.used.add(m);
        for (const m of strong) this.evidence.push(this.mentionLine(m, codes));
        this.answer = { division: village, method: 'gazetteer_text', confidence: C.villageAlone };
        this.checkContradictions(true);
        return true;
      }
      for (const m of strong) this.evidence.push(this.mentionLine(m, m.villages));
      this.evidence.push(
        `village names fit ${codes.length} villages and nothing above village level is named: no answer`,
      );
      this.ambiguous ??= { level: 'village', candidates: codes };
      return false;
    }
    const codes = unique(villageMentions.flatMap((m) => m.villages.map((v) => v.code))).sort();
    for (const m of villageMentions) this.evidence.push(this.mentionLine(m, m.villages));
    this.evidence.push('2-character village names alone are not evidence: no answer');
    this.ambiguous ??= { level: 'village', candidates: codes };
    return false;
  }

  // ---- going deeper inside an answer ----

  private refine(division: Division): void {
    if (division.level === 'county') this.refineCounty(division);
    else if (division.level === 'town') this.refineVillage(division);
  }

  /** The town inside the county: one named in it; several are settled by a village inside exactly one. */
  private refineCounty(county: Division): void {
    const inCounty = (m: Mention): TownTarget[] => m.towns.filter((t) => t.countyCode === county.code);
    const townMentions = this.mentions.filter(
      (m) => !this.used.has(m) && m.towns.some((t) => t.countyCode === county.code),
    );
    if (townMentions.length === 0) {
      this.refineVillage(county);
      return;
    }
    const candidates = uniqueOf(
      townMentions,
      (m) => m.towns,
      (t) => (t.countyCode === county.code ? t.code : undefined),
    );
    const helped = uniqueOf(
      this.mentions,
      (m) => (this.used.has(m) || townMentions.includes(m) ? NONE : m.villages),
      (v) => (candidates.includes(v.townCode) ? v.townCode : undefined),
    );
    let townCode: string | undefined;
    let by = strongest(townMentions, (m) => bestForm(inCounty(m)));
    if (helped.length === 1) {
      townCode = helped[0];
      by = townMentions.find((m) => inCounty(m).some((t) => t.code === townCode)) ?? by;
    } else if (inCounty(by).length === 1) {
      townCode = inCounty(by)[0].code;
    }
    for (const m of townMentions) this.used.add(m);
    const town = townCode === undefined ? undefined : this.lookup(townCode);
    if (!town) {
      const codes = inCounty(by).map((t) => t.code);
      this.evidence.push(`${this.mentionLine(by, codes)}: several towns of ${county.name}`);
      this.ambiguous = { level: 'town', candidates: codes.sort() };
      return;
    }
    this.evidence.push(this.mentionLine(by, [town.code]));
    this.setDeeper(town);
    this.refineVillage(town);
  }

  /**
   * The village inside the town (or the county when no town is named). Any form counts here, 2-character
   * bare names too: the town or county named with it is the context they lack alone. Committee and 3+
   * character names outrank bare ones; two different villages left over are ambiguous.
   */
  private refineVillage(scope: Division): void {
    const countyCode = scope.level === 'county' ? scope.code : scope.parentCode;
    const inScope = (v: VillageTarget): boolean =>
      scope.level === 'town' ? v.townCode === scope.code : v.countyCode === countyCode;
    // A name that is also a county or town of this county (清河, 新集) names that, not a village.
    const candidates = this.mentions
      .filter(
        (m) =>
          !this.used.has(m) &&
          !m.counties.some((t) => t.code === countyCode) &&
          !m.towns.some((t) => t.countyCode === countyCode),
      )
      .map((m) => ({ m, villages: m.villages.filter(inScope) }))
      .filter((x) => x.villages.length > 0);
    if (candidates.length === 0) return;
    for (const x of candidates) this.used.add(x.m);
    const strong = candidates
      .map((x) => ({ m: x.m, villages: x.villages.filter(trusted) }))
      .filter((x) => x.villages.length > 0);
    const pool = strong.length > 0 ? strong : candidates;
    const codes = uniqueOf(
      pool,
      (x) => x.villages,
      (v) => v.code,
    ).sort();
    if (codes.length !== 1) {
      for (const x of pool) this.evidence.push(this.mentionLine(x.m, x.villages));
      this.evidence.push(`${codes.length} villages of ${scope.name} fit: no village`);
      this.ambiguous = { level: 'village', candidates: codes };
      return;
    }
    const village = this.lookup(codes[0]);
    if (!village) throw new Error(`Gazetteer: index points to missing village ${codes[0]}`);
    this.evidence.push(this.mentionLine(pool[0].m, [village.code]));
    this.setDeeper(village);
    const answer = this.answer;
    if (answer?.method === 'gazetteer_text' && strong.length > 0 && scope.level === 'town') {
      answer.confidence = Math.max(answer.confidence, C.townWithVillage);
    }
  }

  /** Going deeper settles whatever was ambiguous below the previous answer. */
  private setDeeper(division: Division): void {
    if (this.answer) this.answer.division = division;
    this.ambiguous = undefined;
  }

  /**
   * Names left over that point outside the answer. Bare short names are ignored (they are often something
   * else); explicit ones are contradictions: capped when the answer came from the text, only reported when it
   * came from the channel.
   */
  private checkContradictions(capConfidence: boolean): void {
    const answer = this.answer;
    if (!answer) return;
    const { county, town } = this.chain(answer.division);
    if (!county) return;
    const fits = (m: Mention): boolean =>
      m.counties.some((t) => t.code === county.code) ||
      m.towns.some((t) => t.countyCode === county.code) ||
      m.villages.some((v) => (town ? v.townCode === town.code : v.countyCode === county.code));
    let contradicted = false;
    for (const m of this.mentions) {
      if (this.used.has(m) || fits(m)) continue;
      const explicit: PlaceTarget[] = [
        ...m.counties,
        ...m.towns.filter((t) => t.form !== 'short'),
        ...m.villages.filter(trusted),
      ];
      if (explicit.length === 0) continue;
      const line = this.mentionLine(m, explicit);
      if (capConfidence) {
        contradicted = true;
        this.evidence.push(
          `contradiction: ${line} is outside ${label(answer.division)}; the higher level is kept`,
        );
      } else {
        this.evidence.push(`text names ${line}, outside the ${answer.method} answer; not used`);
      }
    }
    if (contradicted) answer.confidence = Math.min(answer.confidence, C.contradictionCap);
  }

  /** Provinces and cities outside 阜阳 named in a text that names no place of Fuyang, nor 阜阳 itself. */
  private outside(): { names: string[] } | undefined {
    if (this.mentions.some((m) => m.city)) return undefined;
    const names = unique(this.mentions.flatMap((m) => m.outside));
    if (names.length === 0) return undefined;
    this.evidence.push(`outside the city: ${names.join(', ')}`);
    return { names };
  }

  /**
   * Keys are added one by one in the order the result has always had (levels, method, confidence, ambiguous,
   * outside, evidence): spreading partial objects into a literal cost more than the rest of the resolution.
   */
  private result(): JurisdictionResult {
    const answer = this.answer;
    const r: Partial<JurisdictionResult> = {};
    if (answer) {
      const { county, town, village } = this.chain(answer.division);
      if (county) r.county = { code: county.code, name: county.name };
      if (town) r.town = { code: town.code, name: town.name };
      if (village) r.village = { code: village.code, name: village.name };
      r.method = answer.method;
      r.confidence = answer.confidence;
    } else {
      r.method = 'none';
      r.confidence = this.ambiguous ? C.ambiguous : C.none;
    }
    if (this.ambiguous) r.ambiguous = this.ambiguous;
    const outside = answer ? undefined : this.outside();
    if (outside) r.outside = outside;
    r.evidence = this.evidence;
    return r as JurisdictionResult;
  }

  // ---- helpers over the table ----

  private chain(d: Division): Partial<Record<DivisionLevel, Division>> {
    const out: Partial<Record<DivisionLevel, Division>> = {};
    for (let x: Division | undefined = d; x; x = this.lookup(x.parentCode)) out[x.level] = x;
    return out;
  }

  /** `d` is `ancestor` or lies below it. */
  private isWithin(d: Division, ancestor: Division): boolean {
    for (let x: Division | undefined = d; x; x = this.lookup(x.parentCode))
      if (x.code === ancestor.code) return true;
    return false;
  }

  private commonAncestor(divisions: readonly Division[]): Division | undefined {
    const chains = divisions.map((d) => this.chain(d));
    for (const level of ['village', 'town', 'county'] as const) {
      const code = chains[0]?.[level]?.code;
      if (code !== undefined && chains.every((c) => c[level]?.code === code)) return chains[0][level];
    }
    return undefined;
  }

  /** 「清河街道」 → 341202003 清河街道 */
  private mentionLine(m: Mention, targets: readonly (string | PlaceTarget)[]): string {
    const codes = unique(targets.map((t) => (typeof t === 'string' ? t : t.code)));
    const shown = codes.slice(0, MAX_LISTED).map((code) => {
      const d = this.lookup(code);
      return d ? label(d) : code;
    });
    const more = codes.length > MAX_LISTED ? ` (+${codes.length - MAX_LISTED} more)` : '';
    return `「${m.hit.pattern}」 → ${shown.join(', ')}${more}`;
  }
}

/** Evidence is read by people; a bare name shared by 14 villages lists the first few. */
const MAX_LISTED = 5;

function toMention(hit: Hit): Mention {
  const m: Mention = { hit, counties: [], towns: [], villages: [], admins: [], city: false, outside: [] };
  for (const t of hit.value) {
    if (t.kind === 'city') m.city = true;
    else if (t.kind === 'outside') m.outside.push(t.name);
    else if (t.kind === 'county') m.counties.push(t);
    else if (t.kind === 'town') m.towns.push(t);
    else if (t.kind === 'village') m.villages.push(t);
    else if (t.kind === 'admin') m.admins.push(t);
  }
  return m;
}

/** A committee name, or a base name of 3+ characters: specific enough to count without a town around it. */
function trusted(v: VillageTarget): boolean {
  return v.form === 'full' || v.baseLength >= 3;
}

const FORM_STRENGTH: Record<NameForm, number> = { full: 2, alias: 1, short: 0 };

function bestForm(targets: readonly { form: NameForm }[]): NameForm {
  return strongest(targets, (t) => t.form).form;
}

/** Stable: among equally strong items the earliest (reading order) wins. */
function strongest<T>(items: readonly T[], formOf: (item: T) => NameForm): T {
  let best = items[0];
  for (const item of items) if (FORM_STRENGTH[formOf(item)] > FORM_STRENGTH[formOf(best)]) best = item;
  return best;
}

/*
 * A text names a handful of places, so these lists are short: a scan of what is kept costs less than a Set
 * and the arrays flatMap would build. Order of first appearance, as [...new Set()] gives it.
 */
function unique<T>(items: readonly T[]): T[] {
  const out: T[] = [];
  for (const x of items) if (!out.includes(x)) out.push(x);
  return out;
}

/** unique(items.flatMap((i) => listOf(i).map(keyOf))) without undefined keys, and without the arrays. */
function uniqueOf<T, U, K>(
  items: readonly T[],
  listOf: (item: T) => readonly U[],
  keyOf: (target: U) => K | undefined,
): K[] {
  const out: K[] = [];
  for (const item of items) {
    for (const target of listOf(item)) {
      const key = keyOf(target);
      if (key !== undefined && !out.includes(key)) out.push(key);
    }
  }
  return out;
}

const NONE: readonly never[] = [];

function label(d: Division): string {
  return `${d.code} ${d.name}`;
}
