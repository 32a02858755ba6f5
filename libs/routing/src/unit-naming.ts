/** The concrete unit that receives a ticket: the department's office at the chosen level of the chosen place. */
export interface DepartmentInfo {
  code: string;
  name: string;
  levels: string[];
}

export type UnitLevel = 'city' | 'county' | 'town';

export const CITY_CODE = '3412';
export const CITY_NAME = '阜阳市';
export const TOWN_OFFICE = 'town-office';

/**
 * Admins override names where "<place><department>" is wrong (development zones' 管委会 bureaus, merged offices):
 * the `units` table, keyed by department and division code.
 */
export function unitName(
  dept: DepartmentInfo,
  place: { code: string; name: string },
  overrides: ReadonlyMap<string, string>,
): string {
  const override = overrides.get(`${dept.code}@${place.code}`);
  if (override) return override;
  if (dept.code === TOWN_OFFICE) return `${place.name}${place.name.endsWith('街道') ? '办事处' : '人民政府'}`;
  return `${place.name}${dept.name}`;
}
