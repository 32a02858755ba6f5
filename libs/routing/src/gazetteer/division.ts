export type DivisionLevel = 'county' | 'town' | 'village';

/** One row of the division table (统计用区划代码): 6-digit counties, 9-digit towns, 12-digit villages. */
export interface Division {
  code: string;
  name: string;
  level: DivisionLevel;
  parentCode: string;
}

/**
 * A name admins maintain for a division of any level: an abbreviation people actually use (口子镇), a new
 * district (城南新区 → a town), a housing estate or other POI (置地双清湾小区 → its community).
 */
export interface AliasEntry {
  alias: string;
  code: string;
  note?: string;
}

/** @deprecated the earlier name of {@link AliasEntry}, kept for existing callers. */
export type DivisionAlias = AliasEntry;

export type HintKind = 'board' | 'mailbox' | 'dept';

/** A channel's own structure that says where an item belongs: a People's board fid, a mailbox owner... */
export interface HintEntry {
  channel: string;
  kind: HintKind;
  value: string;
  code: string;
}

export interface CountyMatch {
  countyCode: string;
  countyName: string;
  townCode?: string;
  townName?: string;
  method: 'gazetteer_text';
  /** 0..1 */
  confidence: number;
  /** The names found in the (normalised) text that decided the match, in reading order, space-separated. */
  matchedText: string;
}

export interface JurisdictionInput {
  /** Address, title and content; the caller joins them. */
  text: string;
  /** A 6-, 9- or 12-digit division code the channel gave (12-digit codes padded with zeros are accepted). */
  adcode?: string;
  hint?: { kind: HintKind; value: string; channel: string };
}

export interface DivisionRef {
  code: string;
  name: string;
}

export type JurisdictionMethod = 'adcode' | 'channel_hint' | 'alias' | 'gazetteer_text' | 'none';

export interface JurisdictionResult {
  county?: DivisionRef;
  town?: DivisionRef;
  village?: DivisionRef;
  /** The step that gave the first answer; later steps only refined it. */
  method: JurisdictionMethod;
  /** 0..1, for the deepest level returned; below 0.5 the router sends the item to triage. */
  confidence: number;
  /** The level below the answer could not be decided between these divisions (codes, sorted). */
  ambiguous?: { level: DivisionLevel; candidates: string[] };
  /** No place of Fuyang was found, and the text names these provinces or cities outside it. */
  outside?: { names: string[] };
  /** Human-readable, in the order the steps ran: 「清河街道」 → 341202003 清河街道 ... */
  evidence: string[];
}
