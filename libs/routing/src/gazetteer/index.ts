export type {
  AliasEntry,
  CountyMatch,
  Division,
  DivisionAlias,
  DivisionLevel,
  DivisionRef,
  HintEntry,
  HintKind,
  JurisdictionInput,
  JurisdictionMethod,
  JurisdictionResult,
} from './division';
export { Gazetteer, type GazetteerOptions } from './gazetteer';
export { JURISDICTION_CONFIDENCE } from './jurisdiction-resolver';
export { normaliseText } from './normalise';
