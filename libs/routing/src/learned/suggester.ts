import { type DepartmentSuggestion } from '@minsheng/shared/contracts';

/**
 * What routing needs from a learned model (libs/learning's TextModel is one): ranked departments with
 * calibrated confidences, the n-grams behind one of them, and a version to record on the decision.
 */
export interface Suggester {
  readonly version: string;
  suggest(text: string, limit?: number): DepartmentSuggestion[];
  explain(text: string, department: string, limit?: number): { ngram: string; weight: number }[];
}

/** A model with the admin's thresholds. */
export interface LearnedRouting {
  suggester: Suggester;
  /** At or above this confidence the model routes an item no rule decides; below, it only suggests. */
  threshold: number;
  /** Per-department thresholds that replace the global one (a department that wants only sure items). */
  perDepartment?: Readonly<Record<string, number>>;
  /** A rule decided and the model is at least this sure of another department: the decision says so. */
  disagreement?: number;
}

export const DEFAULT_DISAGREEMENT = 0.9;
export const SUGGESTIONS_SHOWN = 3;
