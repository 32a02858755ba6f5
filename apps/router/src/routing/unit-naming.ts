/** The concrete unit that receives a ticket: the department's office at the chosen level of the chosen place. */
export interface DepartmentInfo {
  code: string;
  name: string;
  levels: string[];
}

export const CITY_NAME = '阜阳市';

export function unitName(dept: DepartmentInfo, level: 'city' | 'county' | 'town', placeName: string): string {
  if (dept.code === 'town-office') {
    return `${placeName}${placeName.endsWith('街道') ? '办事处' : '人民政府'}`;
  }
  return `${level === 'city' ? CITY_NAME : placeName}${dept.name}`;
}
