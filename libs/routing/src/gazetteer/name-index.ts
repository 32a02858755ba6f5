import { AhoCorasick } from '../text/aho-corasick';
import type { AliasEntry, Division, DivisionLevel } from './division';
import {
  BUILT_IN_ALIASES,
  CITY_NAMES,
  COMMON_WORD_SHORT_NAMES,
  countyShortName,
  townShortName,
  villageNames,
  withoutProvincePrefix,
  type VillageForm,
} from './names';
import { normaliseText } from './normalise';
import { outsidePlaceNames } from './outside-city';

/** How a county or town name relates to its division; it decides confidence and whether the road filter applies. */
export type NameForm = 'full' | 'alias' | 'short';
export type { VillageForm };

export type NameTarget =
  | { kind: 'city' }
  /** A province or city that is not 阜阳 (outside-city.ts). */
  | { kind: 'outside'; name: string }
  | { kind: 'county'; code: string; form: NameForm }
  | { kind: 'town'; code: string; countyCode: string; form: NameForm }
  | {
      kind: 'village';
      code: string;
      townCode: string;
      countyCode: string;
      form: VillageForm;
      baseLength: number;
    }
  /** An admin-maintained alias or POI; the code may be of any level. */
  | {
      kind: 'admin';
      code: string;
      level: DivisionLevel;
      townCode?: string;
      countyCode: string;
      note?: string;
    };

export type NameAutomaton = AhoCorasick<readonly NameTarget[]>;

/** When one string names the same division twice, the most official form is kept. */
const FORM_RANK: Record<NameForm | VillageForm, number> = {
  full: 0,
  alias: 1,
  suffixed: 1,
  short: 2,
  bare: 2,
};

/**
 * One automaton over every county, town and village name and every admin alias. A string may point to several
 * divisions (城关 is a town in both 临泉 and 太和, 王庄 a village in many towns), so each pattern carries all of
 * its targets and the resolvers weigh them.
 */
export function buildNameIndex(
  byCode: ReadonlyMap<string, Division>,
  aliases: readonly AliasEntry[],
): NameAutomaton {
  const targets = new Map<string, NameTarget[]>();
  const add = (name: string, target: NameTarget): void => {
    const key = normaliseText(name);
    if (key.length === 0) throw new Error(`Gazetteer: empty name for ${describe(target)}`);
    const list = targets.get(key) ?? [];
    targets.set(key, list);
    const same = list.findIndex((t) => t.kind === target.kind && codeOf(t) === codeOf(target));
    if (same < 0) list.push(target);
    else if (formRank(target) < formRank(list[same])) list[same] = target;
  };

  for (const name of CITY_NAMES) add(name, { kind: 'city' });

  for (const d of byCode.values()) {
    if (d.level === 'county') {
      add(d.name, { kind: 'county', code: d.code, form: 'full' });
      const short = countyShortName(d.name);
      if (short !== undefined) add(short, { kind: 'county', code: d.code, form: 'short' });
    } else if (d.level === 'town') {
      const town = (form: NameForm): NameTarget => ({
        kind: 'town',
        code: d.code,
        countyCode: d.parentCode,
        form,
      });
      add(d.name, town('full'));
      const short = townShortName(d.name);
      if (short !== undefined && !COMMON_WORD_SHORT_NAMES.has(short)) add(short, town('short'));
      const unprefixed = withoutProvincePrefix(d.name);
      if (unprefixed !== undefined) add(unprefixed, town('alias'));
    } else {
      const town = byCode.get(d.parentCode);
      const county = town && byCode.get(town.parentCode);
      if (!town || !county) throw new Error(`Gazetteer: village ${d.code} ${d.name} has no town and county`);
      for (const { name, form, baseLength } of villageNames(d.name, [county.name, town.name])) {
        add(name, {
          kind: 'village',
          code: d.code,
          townCode: town.code,
          countyCode: county.code,
          form,
          baseLength,
        });
      }
    }
  }

  // Built-in aliases describe the real Fuyang table; a partial table (tests, a future re-coding) simply lacks
  // some of their codes, which is not an error.
  for (const a of BUILT_IN_ALIASES) {
    const d = byCode.get(a.code);
    if (d?.level === 'county') add(a.alias, { kind: 'county', code: d.code, form: 'alias' });
    if (d?.level === 'town')
      add(a.alias, { kind: 'town', code: d.code, countyCode: d.parentCode, form: 'alias' });
  }
  // Admin aliases must point to a division of the table; a typo would otherwise silently never match.
  for (const a of aliases) {
    const d = byCode.get(a.code);
    if (!d) throw new Error(`Gazetteer: alias '${a.alias}' points to an unknown code (${a.code})`);
    add(a.alias, adminTarget(d, byCode, a.note));
  }
  // Last, and only where the table has no name of its own: a village called 长春 stays a village.
  for (const [form, name] of outsidePlaceNames()) {
    if (!targets.has(normaliseText(form))) add(form, { kind: 'outside', name });
  }

  return new AhoCorasick<readonly NameTarget[]>(targets);
}

function adminTarget(
  d: Division,
  byCode: ReadonlyMap<string, Division>,
  note: string | undefined,
): NameTarget {
  const extra = note === undefined ? {} : { note };
  if (d.level === 'county')
    return { kind: 'admin', code: d.code, level: d.level, countyCode: d.code, ...extra };
  if (d.level === 'town') {
    return {
      kind: 'admin',
      code: d.code,
      level: d.level,
      townCode: d.code,
      countyCode: d.parentCode,
      ...extra,
    };
  }
  const townCode = d.parentCode;
  const countyCode = byCode.get(townCode)?.parentCode ?? '';
  return { kind: 'admin', code: d.code, level: d.level, townCode, countyCode, ...extra };
}

function codeOf(t: NameTarget): string | undefined {
  return t.kind === 'city' ? undefined : t.kind === 'outside' ? t.name : t.code;
}

function formRank(t: NameTarget): number {
  return t.kind === 'city' || t.kind === 'admin' || t.kind === 'outside' ? -1 : FORM_RANK[t.form];
}

function describe(t: NameTarget): string {
  return t.kind === 'city' ? 'the city' : `${t.kind} ${codeOf(t)}`;
}
