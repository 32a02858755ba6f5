import { resolveCountyInText } from './county-resolver';
import type { CountyMatch, Division, DivisionAlias } from './division';
import { buildNameIndex, type NameAutomaton } from './name-index';
import { normaliseText } from './normalise';

/**
 * The Fuyang division table plus a name index over it. Built once from rows the caller loads (the router
 * reads them from PostgreSQL), then queried per appeal; it holds no I/O so it can be rebuilt on reload.
 */
export class Gazetteer {
  private constructor(
    private readonly byCode: ReadonlyMap<string, Division>,
    private readonly names: NameAutomaton,
  ) {}

  static fromDivisions(divisions: readonly Division[], aliases: readonly DivisionAlias[] = []): Gazetteer {
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
    }
    return new Gazetteer(byCode, buildNameIndex(byCode, aliases));
  }

  resolveCounty(text: string): CountyMatch | null {
    return resolveCountyInText(normaliseText(text), this.names, (code) => this.byCode.get(code));
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
}
