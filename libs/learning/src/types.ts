/** One decided appeal: the text and the department that took it, or (returned) the one that sent it back. */
export interface LabelledText {
  text: string;
  department: string;
  /** 退单: this department returned the appeal; evidence against it for this text. */
  returned?: boolean;
  /** When it was decided (ISO 8601); gives the model's training window. */
  at?: string;
}

export interface Suggestion {
  department: string;
  /** Calibrated probability, 0..1. */
  confidence: number;
}

/** An n-gram and how much it added to a department's score for one text. */
export interface Contribution {
  ngram: string;
  weight: number;
}

export interface DepartmentFigures {
  /** Positive examples of this department held out over the folds. */
  examples: number;
  /** Held-out items the model proposed this department for at the threshold, and how many were right. */
  proposed: number;
  correct: number;
  precision: number;
  recall: number;
}

/** Cross-validated figures: every example scored by a model that did not see it. */
export interface CrossValidation {
  folds: number;
  examples: number;
  threshold: number;
  /** Right proposals / proposals, at the threshold. */
  precision: number;
  /** Proposals / examples, at the threshold. */
  coverage: number;
  /** Right proposals / examples, at the threshold. */
  recall: number;
  /** The first suggestion right / examples, and among the first three, with no threshold. */
  top1Accuracy: number;
  top3Accuracy: number;
  /** Expected calibration error of the first suggestion's confidence (0 = perfectly calibrated). */
  calibrationError: number;
  perDepartment: Record<string, DepartmentFigures>;
}

export interface ModelMeta {
  version: string;
  algorithm: 'logistic' | 'complement-nb';
  seed: number;
  trainingWindow: { from: string; to: string } | null;
  examples: number;
  returnedExamples: number;
  /** Positive examples per department. */
  perDepartment: Record<string, number>;
  vocabularySize: number;
  temperature: number;
  threshold: number;
  /** Absent when the model was trained without folds. */
  crossValidation?: CrossValidation;
}
