export type DivisionLevel = 'county' | 'town' | 'village';

/** One row of the division table (统计用区划代码): 6-digit counties, 9-digit towns, 12-digit villages. */
export interface Division {
  code: string;
  name: string;
  level: DivisionLevel;
  parentCode: string;
}

/** An extra name for a county or town, e.g. an abbreviation that citizens and operators actually use. */
export interface DivisionAlias {
  alias: string;
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
