import { edgeTarget } from '../text/sorted-edges';

/** Receives the keyword ids an automaton finds, in text order, with the bit of the field scanned. */
export interface HitSink {
  hit(id: number, bit: number): void;
}

/** Class of code units that occur in no keyword: from any state they lead back to the root. */
const NONE = 0;
/** Class of code units the per-unit fold cannot stand for (see FOLD): the text is lower-cased whole instead. */
const IRREGULAR = 0xffff;
/**
 * At most this many transition-table entries (256 KB) for states below the root: in routing, where the other
 * stages share the cache, larger tables bought nothing measurable.
 */
const DENSE_BUDGET = 1 << 16;

/**
 * Lower case per UTF-16 code unit, or -1 where lower-casing a unit alone could differ from lower-casing the
 * text: surrogates, Σ (final sigma depends on what follows), units whose lower case is longer (İ), and units
 * that change though they are not upper case (ǅ), since foldCase leaves a text without upper case as it is.
 * Built on first use.
 */
let FOLD: Int32Array | undefined;

function foldTable(): Int32Array {
  if (FOLD) return FOLD;
  const upper = /\p{Lu}/u;
  FOLD = new Int32Array(0x10000);
  for (let c = 0; c < 0x10000; c++) {
    const unit = String.fromCharCode(c);
    const lower = unit.toLowerCase();
    const regular =
      (c < 0xd800 || c > 0xdfff) && c !== 0x3a3 && lower.length === 1 && (lower === unit || upper.test(unit));
    FOLD[c] = regular ? lower.charCodeAt(0) : -1;
  }
  return FOLD;
}

/**
 * Aho-Corasick over the rule set's keywords, made for the one pass of every evaluation: code units are mapped
 * to the classes of the characters keywords use (lower-casing on the way when asked), and the root and, as far
 * as the budget goes, the states one character deep have complete transition rows, so most characters cost one
 * table look-up; deeper states keep their own edges and fall back along failure links to a complete row.
 */
export class KeywordAutomaton {
  private readonly classOf = new Uint16Array(0x10000);
  private readonly foldedClassOf = new Uint16Array(0x10000);
  private readonly width: number;
  /** Row of state s in `dense`, or -1 when s has only its own edges. */
  private readonly rowOf: Int32Array;
  private readonly dense: Int32Array;
  /** Edges of state s: edgeClass/edgeTarget[firstEdge[s] .. firstEdge[s + 1]). */
  private readonly firstEdge: Int32Array;
  private readonly edgeClass: Uint16Array;
  private readonly edgeTarget: Int32Array;
  private readonly fail: Int32Array;
  /** Keyword id ending at the state, else -1. */
  private readonly output: Int32Array;
  /** Nearest state on the failure chain that ends a keyword, else 0. */
  private readonly outputLink: Int32Array;
  /** The state itself if it ends a keyword, else its outputLink: where reporting starts. */
  private readonly report: Int32Array;

  /** `keywords`: distinct, non-empty, already folded if the text is to be folded. */
  constructor(keywords: ReadonlyMap<string, number>) {
    let classes = 1;
    for (const word of keywords.keys()) {
      for (let i = 0; i < word.length; i++) {
        const c = word.charCodeAt(i);
        if (this.classOf[c] === NONE) this.classOf[c] = classes++;
      }
    }
    if (classes >= IRREGULAR) throw new RangeError(`keywords use ${classes} distinct code units`);
    this.width = classes;
    const fold = foldTable();
    for (let c = 0; c < 0x10000; c++) {
      this.foldedClassOf[c] = fold[c] < 0 ? IRREGULAR : this.classOf[fold[c]];
    }

    const next = [new Map<number, number>()];
    const output = [-1];
    for (const [word, id] of keywords) {
      let s = 0;
      for (let i = 0; i < word.length; i++) {
        const cls = this.classOf[word.charCodeAt(i)];
        let t = next[s].get(cls);
        if (t === undefined) {
          t = next.push(new Map<number, number>()) - 1;
          output.push(-1);
          next[s].set(cls, t);
        }
        s = t;
      }
      output[s] = id;
    }
    const count = next.length;
    this.output = Int32Array.from(output);
    this.firstEdge = new Int32Array(count + 1);
    this.edgeClass = new Uint16Array(count - 1);
    this.edgeTarget = new Int32Array(count - 1);
    for (let s = 0, e = 0; s < count; s++) {
      this.firstEdge[s] = e;
      for (const [cls, t] of [...next[s]].sort((a, b) => a[0] - b[0])) {
        this.edgeClass[e] = cls;
        this.edgeTarget[e++] = t;
      }
      this.firstEdge[s + 1] = e;
    }
    this.fail = new Int32Array(count);
    this.outputLink = new Int32Array(count);
    this.rowOf = new Int32Array(count).fill(-1);
    // Complete rows go to the states with the most edges, where searching edges would cost most.
    const depthOne = [...next[0].values()].sort((a, b) => next[b].size - next[a].size);
    const rows = 1 + Math.min(depthOne.length, Math.floor(DENSE_BUDGET / classes));
    this.dense = new Int32Array(rows * classes);
    this.rowOf[0] = 0;
    for (const [cls, t] of next[0]) this.dense[cls] = t;
    this.link(depthOne, rows);
    this.report = this.output.map((id, s) => (id >= 0 ? s : this.outputLink[s]));
  }

  /**
   * Reports every keyword occurrence in `text` to `sink`, reading it lower-cased when `fold`. Returns false,
   * having reported only some, when the text holds a unit the per-unit fold cannot handle: the caller then
   * scans the text lower-cased whole, without `fold` (the sink sees those first hits again).
   */
  scan(text: string, fold: boolean, sink: HitSink, bit: number): boolean {
    const classOf = fold ? this.foldedClassOf : this.classOf;
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      const cls = classOf[text.charCodeAt(i)];
      if (cls === IRREGULAR) return false;
      state = cls === NONE ? 0 : this.step(state, cls);
      for (let n = this.report[state]; n > 0; n = this.outputLink[n]) sink.hit(this.output[n], bit);
    }
    return true;
  }

  private step(state: number, cls: number): number {
    for (let s = state; ; s = this.fail[s]) {
      const row = this.rowOf[s];
      if (row >= 0) return this.dense[row * this.width + cls];
      const t = this.edge(s, cls);
      if (t !== 0) return t;
    }
  }

  private edge(s: number, cls: number): number {
    return edgeTarget(this.firstEdge, this.edgeClass, this.edgeTarget, s, cls);
  }

  /** Failure links breadth-first; the first `rows - 1` states one deep get complete rows. */
  private link(depthOne: readonly number[], rows: number): void {
    const queue = [...depthOne];
    depthOne.slice(0, rows - 1).forEach((s, i) => {
      this.rowOf[s] = i + 1;
      this.dense.copyWithin((i + 1) * this.width, 0, this.width);
      for (let e = this.firstEdge[s]; e < this.firstEdge[s + 1]; e++)
        this.dense[(i + 1) * this.width + this.edgeClass[e]] = this.edgeTarget[e];
    });
    for (let head = 0; head < queue.length; head++) {
      const parent = queue[head];
      for (let e = this.firstEdge[parent]; e < this.firstEdge[parent + 1]; e++) {
        const child = this.edgeTarget[e];
        const fail = this.step(this.fail[parent], this.edgeClass[e]);
        this.fail[child] = fail;
        this.outputLink[child] = this.output[fail] >= 0 ? fail : this.outputLink[fail];
        queue.push(child);
      }
    }
  }
}
