import type { KeywordScanner } from './keyword-scanner';
import type { RuleInput } from './rule-evaluation';
import { shanghaiWallMinutes } from './shanghai-clock';

/**
 * What conditions read during one evaluation: the input, the keyword hits of the single text pass, and the
 * Shanghai wall-clock time, worked out only if a time condition asks for it. One instance per compiled rule
 * set, reset for each input (evaluation is synchronous, so it is never shared by two evaluations at once).
 */
export class EvaluationState {
  input!: RuleInput;
  /** Counts evaluations, so what conditions work out for one input can be kept until the next. */
  epoch = 0;
  private wall = 0;
  private wallKnown = false;

  constructor(readonly keywords: KeywordScanner) {}

  reset(input: RuleInput): void {
    this.input = input;
    this.epoch++;
    this.wallKnown = false;
    this.keywords.scan(input.title, input.content, input.address);
  }

  /** Minutes since the epoch in Shanghai wall-clock time; NaN when receivedAt does not parse. */
  wallMinutes(): number {
    if (!this.wallKnown) {
      this.wall = shanghaiWallMinutes(this.input.receivedAt);
      this.wallKnown = true;
    }
    return this.wall;
  }
}
