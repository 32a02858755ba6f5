export type { CountyMatch, Division, DivisionAlias, DivisionLevel } from './division';
export { Gazetteer } from './gazetteer';
export { normaliseText } from './normalise';
