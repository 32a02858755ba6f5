import { resolveCountyInText } from './county-resolver';
import type {
  AliasEntry,
  CountyMatch,
  Division,
  HintEntry,
  HintKind,
  JurisdictionInput,
  JurisdictionResult,
} from './division';
import {
  JURISDICTION_CONFIDENCE,
  resolveJurisdictionFrom,
  type StructuredAnswer,
} from './jurisdiction-resolver';
import { buildNameIndex, type NameAutomaton } from './name-index';
import { normaliseText } from './normalise';
import { scanNames } from './scan';

export interface GazetteerOptions {
  /** Admin-maintained aliases and POIs, any level. */
  aliases?: readonly AliasEntry[];
  /** Channel structure → division: a board fid, a mailbox owner, a department account. */
  hints?: readonly HintEntry[];
}

/**
 * The Fuyang division table plus a name index over it. Built once from rows the caller loads (the router
 * reads them from PostgreSQL), then queried per appeal; it holds no I/O so it can be rebuilt on reload.
 */
export class Gazetteer {
  private constructor(
    private readonly byCode: ReadonlyMap<string, Division>,
    private readonly names: NameAutomaton,
    private readonly hints: ReadonlyMap<string, string>,
  ) {}

  /** `options` may also be a bare alias list, as before hints existed. */
  static fromDivisions(
    divisions: readonly Division[],
    options: GazetteerOptions | readonly AliasEntry[] = {},
  ): Gazetteer {
    const { aliases = [], hints = [] } = isAliasList(options) ? { aliases: options } : options;
    const byCode = new Map<string, Division>();
    for (const d of divisions) {
      if (byCode.has(d.code)) throw new Error(`Gazetteer: duplicate division code ${d.code}`);
      byCode.set(d.code, { ...d });
    }
    // A town under a missing county would resolve to a county the router cannot name; refuse the table instead.
    for (const d of byCode.values()) {
      if (d.level === 'town' && byCode.get(d.parentCode)?.level !== 'county') {
        throw new Error(`Gazetteer: town ${d.code} ${d.name} has no county ${d.parentCode}`);
      }
      if (d.level === 'village' && byCode.get(d.parentCode)?.level !== 'town') {
        throw new Error(`Gazetteer: village ${d.code} ${d.name} has no town ${d.parentCode}`);
      }
    }
    return new Gazetteer(byCode, buildNameIndex(byCode, aliases), buildHintTable(hints, byCode));
  }

  /**
   * County (and town) only, for callers written before villages: village names neither hide nor add
   * evidence here, and an alias of an estate counts for its town.
   */
  resolveCounty(text: string): CountyMatch | null {
    return resolveCountyInText(normaliseText(text), this.names, (code) => this.byCode.get(code));
  }

  /** County → town → village; see jurisdiction-resolver.ts and docs/decisions/004-jurisdiction-text.md. */
  resolve(input: JurisdictionInput): JurisdictionResult {
    const structured: StructuredAnswer[] = [];
    const notes: string[] = [];
    if (input.adcode !== undefined) {
      const d = this.byAdcode(input.adcode);
      if (d) {
        structured.push({
          division: d,
          method: 'adcode',
          confidence: JURISDICTION_CONFIDENCE.adcode,
          evidence: `adcode ${input.adcode} → ${d.code} ${d.name}`,
        });
      } else {
        notes.push(`adcode ${input.adcode}: not a division of the gazetteer, not used`);
      }
    }
    if (input.hint) {
      const { kind, value, channel } = input.hint;
      const what = `hint ${kind} '${value}' on ${channel}`;
      const code = this.hints.get(hintKey(channel, kind, value));
      const d = code === undefined ? undefined : this.byCode.get(code);
      if (d) {
        structured.push({
          division: d,
          method: 'channel_hint',
          confidence: JURISDICTION_CONFIDENCE.channelHint,
          evidence: `${what} → ${d.code} ${d.name}`,
        });
      } else {
        notes.push(`${what}: not in the hint table, not used`);
      }
    }
    const hits = scanNames(normaliseText(input.text), this.names);
    return resolveJurisdictionFrom(hits, (code) => this.byCode.get(code), structured, notes);
  }

  division(code: string): Division | undefined {
    const d = this.byCode.get(code);
    return d ? { ...d } : undefined;
  }

  counties(): Division[] {
    return [...this.byCode.values()]
      .filter((d) => d.level === 'county')
      .sort((a, b) => a.code.localeCompare(b.code))
      .map((d) => ({ ...d }));
  }

  /** 6, 9 or 12 digits; the 12-digit form of a county or town (341202000000, 341202003000) is accepted too. */
  private byAdcode(adcode: string): Division | undefined {
    let code = adcode.trim();
    if (!/^\d{6}(\d{3}){0,2}$/.test(code)) return undefined;
    for (;;) {
      const d = this.byCode.get(code);
      if (d || code.length === 6 || !code.endsWith('000')) return d;
      code = code.slice(0, -3);
    }
  }
}

function isAliasList(options: GazetteerOptions | readonly AliasEntry[]): options is readonly AliasEntry[] {
  return Array.isArray(options);
}

function hintKey(channel: string, kind: HintKind, value: string): string {
  return JSON.stringify([channel.trim(), kind, value.trim()]);
}

function buildHintTable(
  hints: readonly HintEntry[],
  byCode: ReadonlyMap<string, Division>,
): Map<string, string> {
  const table = new Map<string, string>();
  for (const h of hints) {
    const what = `hint ${h.kind} '${h.value}' on ${h.channel}`;
    if (!byCode.has(h.code)) throw new Error(`Gazetteer: ${what} points to an unknown code (${h.code})`);
    const key = hintKey(h.channel, h.kind, h.value);
    const seen = table.get(key);
    if (seen !== undefined && seen !== h.code) {
      throw new Error(`Gazetteer: ${what} points to both ${seen} and ${h.code}`);
    }
    table.set(key, h.code);
  }
  return table;
}
