import { edgeTarget } from './sorted-edges';

/** One occurrence of a pattern in the scanned text; `end` is exclusive, offsets are UTF-16 code units. */
export interface PatternHit<T> {
  start: number;
  end: number;
  pattern: string;
  value: T;
}

/** Trie node while building; the scanning form is the flat arrays below. */
interface BuildNode {
  next: Map<number, number>;
  output: number;
}

/**
 * Aho-Corasick automaton: one pass over the text finds every occurrence of every pattern, so the cost of a
 * scan depends on the text length and the number of hits, not on how many names the gazetteer holds.
 *
 * Built as a trie of maps, then flattened for scanning, which every routed item does several times: the root's
 * moves in one table indexed by code unit (most characters of an appeal lead nowhere but back to the root),
 * every other node's edges as a sorted run of (code unit, target) pairs.
 */
export class AhoCorasick<T> {
  private readonly patterns: { pattern: string; value: T }[] = [];
  /** Root move by code unit; 0 (the root) where no pattern starts with it. */
  private readonly root: Int32Array;
  /** Edges of node s: edgeCodes/edgeTargets[firstEdge[s] .. firstEdge[s + 1]), codes ascending. */
  private readonly firstEdge: Int32Array;
  private readonly edgeCodes: Uint16Array;
  private readonly edgeTargets: Int32Array;
  private readonly fail: Int32Array;
  /** Index into `patterns` when a pattern ends at the node, else -1. */
  private readonly output: Int32Array;
  /** Nearest node on the failure chain that ends a pattern (0: none), so reporting skips non-terminal links. */
  private readonly outputLink: Int32Array;

  constructor(entries: Iterable<readonly [string, T]>) {
    const trie: BuildNode[] = [{ next: new Map(), output: -1 }];
    for (const [pattern, value] of entries) this.insert(trie, pattern, value);
    const count = trie.length;
    this.root = new Int32Array(0x10000);
    this.firstEdge = new Int32Array(count + 1);
    this.edgeCodes = new Uint16Array(count - 1);
    this.edgeTargets = new Int32Array(count - 1);
    this.fail = new Int32Array(count);
    this.output = Int32Array.from(trie, (node) => node.output);
    this.outputLink = new Int32Array(count);
    let edges = 0;
    for (let s = 0; s < count; s++) {
      this.firstEdge[s] = edges;
      const codes = [...trie[s].next.keys()].sort((a, b) => a - b);
      for (const code of codes) {
        const target = trie[s].next.get(code) as number;
        if (s === 0) this.root[code] = target;
        this.edgeCodes[edges] = code;
        this.edgeTargets[edges++] = target;
      }
    }
    this.firstEdge[count] = edges;
    this.link();
  }

  get size(): number {
    return this.patterns.length;
  }

  findAll(text: string): PatternHit<T>[] {
    const hits: PatternHit<T>[] = [];
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      state = this.step(state, text.charCodeAt(i));
      if (state === 0) continue;
      for (let n = this.output[state] >= 0 ? state : this.outputLink[state]; n > 0; n = this.outputLink[n]) {
        const { pattern, value } = this.patterns[this.output[n]];
        hits.push({ start: i + 1 - pattern.length, end: i + 1, pattern, value });
      }
    }
    return hits;
  }

  /** The values of findAll's hits in the same order, without building hit objects. */
  forEachValue(text: string, visit: (value: T) => void): void {
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      state = this.step(state, text.charCodeAt(i));
      if (state === 0) continue;
      for (let n = this.output[state] >= 0 ? state : this.outputLink[state]; n > 0; n = this.outputLink[n])
        visit(this.patterns[this.output[n]].value);
    }
  }

  private insert(trie: BuildNode[], pattern: string, value: T): void {
    if (pattern.length === 0) throw new Error('AhoCorasick: empty pattern');
    let state = 0;
    for (let i = 0; i < pattern.length; i++) {
      const code = pattern.charCodeAt(i);
      let child = trie[state].next.get(code);
      if (child === undefined) {
        child = trie.push({ next: new Map(), output: -1 }) - 1;
        trie[state].next.set(code, child);
      }
      state = child;
    }
    // A repeated pattern would make one hit count twice; callers merge values per pattern before building.
    if (trie[state].output >= 0) throw new Error(`AhoCorasick: duplicate pattern '${pattern}'`);
    trie[state].output = this.patterns.push({ pattern, value }) - 1;
  }

  /** Breadth-first, so every failure target is finished before the nodes that point to it. */
  private link(): void {
    const queue: number[] = [];
    for (let e = this.firstEdge[0]; e < this.firstEdge[1]; e++) queue.push(this.edgeTargets[e]);
    for (let head = 0; head < queue.length; head++) {
      const parent = queue[head];
      for (let e = this.firstEdge[parent]; e < this.firstEdge[parent + 1]; e++) {
        const child = this.edgeTargets[e];
        const fail = parent === 0 ? 0 : this.step(this.fail[parent], this.edgeCodes[e]);
        this.fail[child] = fail;
        this.outputLink[child] = this.output[fail] >= 0 ? fail : this.outputLink[fail];
        queue.push(child);
      }
    }
  }

  private step(state: number, code: number): number {
    for (let s = state; s !== 0; s = this.fail[s]) {
      const next = this.child(s, code);
      if (next !== 0) return next;
    }
    return this.root[code];
  }

  /** The node reached from s by `code`, or 0. */
  private child(s: number, code: number): number {
    return edgeTarget(this.firstEdge, this.edgeCodes, this.edgeTargets, s, code);
  }
}
