import { AhoCorasick } from '../text/aho-corasick';
import type { Division, DivisionAlias } from './division';
import {
  BUILT_IN_ALIASES,
  CITY_NAMES,
  COMMON_WORD_SHORT_NAMES,
  countyShortName,
  townShortName,
  withoutProvincePrefix,
} from './names';
import { normaliseText } from './normalise';

/** How a name relates to its division; it decides both confidence and whether the road filter applies. */
export type NameForm = 'full' | 'alias' | 'short';

export type NameTarget =
  | { kind: 'city' }
  | { kind: 'county'; code: string; form: NameForm }
  | { kind: 'town'; code: string; countyCode: string; form: NameForm };

export type NameAutomaton = AhoCorasick<readonly NameTarget[]>;

/** When one string names the same division twice, the most official form is kept. */
const FORM_RANK: Record<NameForm, number> = { full: 0, alias: 1, short: 2 };

/**
 * One automaton over every county and town name. A string may point to several divisions (城关 is a town
 * in both 临泉 and 太和), so each pattern carries all of its targets and the resolver weighs them.
 */
export function buildNameIndex(
  byCode: ReadonlyMap<string, Division>,
  aliases: readonly DivisionAlias[],
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
    }
  }

  // Built-in aliases describe the real Fuyang table; a partial table (tests, a future re-coding) simply lacks
  // some of their codes, which is not an error. Caller-supplied aliases must point to a county or town.
  const aliasTarget = (code: string): NameTarget | undefined => {
    const d = byCode.get(code);
    if (d?.level === 'county') return { kind: 'county', code: d.code, form: 'alias' };
    if (d?.level === 'town') return { kind: 'town', code: d.code, countyCode: d.parentCode, form: 'alias' };
    return undefined;
  };
  for (const a of BUILT_IN_ALIASES) {
    const target = aliasTarget(a.code);
    if (target) add(a.alias, target);
  }
  for (const a of aliases) {
    const target = aliasTarget(a.code);
    if (!target) {
      const what = byCode.has(a.code) ? 'a village' : 'an unknown code';
      throw new Error(
        `Gazetteer: alias '${a.alias}' points to ${what} (${a.code}); only counties and towns are supported`,
      );
    }
    add(a.alias, target);
  }

  return new AhoCorasick<readonly NameTarget[]>(targets);
}

function codeOf(t: NameTarget): string | undefined {
  return t.kind === 'city' ? undefined : t.code;
}

function formRank(t: NameTarget): number {
  return t.kind === 'city' ? -1 : FORM_RANK[t.form];
}

function describe(t: NameTarget): string {
  return t.kind === 'city' ? 'the city' : `${t.kind} ${t.code}`;
}
