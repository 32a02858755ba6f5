/** One occurrence of a pattern in the scanned text; `end` is exclusive, offsets are UTF-16 code units. */
export interface PatternHit<T> {
  start: number;
  end: number;
  pattern: string;
  value: T;
}

interface AcNode {
  /** By UTF-16 code unit: a number key hashes faster than a one-character string (decision 033). */
  next: Map<number, number>;
  fail: number;
  /** Index into `patterns` when a pattern ends here, else -1. */
  output: number;
  /** Nearest node on the failure chain that ends a pattern, so reporting skips non-terminal links. */
  outputLink: number;
}

/**
 * Aho-Corasick automaton: one pass over the text finds every occurrence of every pattern, so the cost of a
 * scan depends on the text length and the number of hits, not on how many names the gazetteer holds.
 */
export class AhoCorasick<T> {
  private readonly nodes: AcNode[] = [AhoCorasick.node()];
  private readonly patterns: { pattern: string; value: T }[] = [];
  /** The root's transitions as a table: most characters of a text fall back to the root, so it is read most. */
  private readonly rootNext = new Int32Array(0x10000);

  constructor(entries: Iterable<readonly [string, T]>) {
    for (const [pattern, value] of entries) this.insert(pattern, value);
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
      for (let n = this.nodes[state].output >= 0 ? state : this.nodes[state].outputLink; n > 0;) {
        const { pattern, value } = this.patterns[this.nodes[n].output];
        hits.push({ start: i + 1 - pattern.length, end: i + 1, pattern, value });
        n = this.nodes[n].outputLink;
      }
    }
    return hits;
  }

  private static node(): AcNode {
    return { next: new Map(), fail: 0, output: -1, outputLink: 0 };
  }

  private insert(pattern: string, value: T): void {
    if (pattern.length === 0) throw new Error('AhoCorasick: empty pattern');
    let state = 0;
    for (let i = 0; i < pattern.length; i++) {
      const ch = pattern.charCodeAt(i);
      let child = this.nodes[state].next.get(ch);
      if (child === undefined) {
        child = this.nodes.push(AhoCorasick.node()) - 1;
        this.nodes[state].next.set(ch, child);
      }
      state = child;
    }
    // A repeated pattern would make one hit count twice; callers merge values per pattern before building.
    if (this.nodes[state].output >= 0) throw new Error(`AhoCorasick: duplicate pattern '${pattern}'`);
    this.nodes[state].output = this.patterns.push({ pattern, value }) - 1;
  }

  /** Breadth-first, so every failure target is finished before the nodes that point to it. */
  private link(): void {
    for (const [ch, child] of this.nodes[0].next) this.rootNext[ch] = child;
    const queue: number[] = [...this.nodes[0].next.values()];
    for (let head = 0; head < queue.length; head++) {
      const parent = queue[head];
      for (const [ch, child] of this.nodes[parent].next) {
        const fail = parent === 0 ? 0 : this.step(this.nodes[parent].fail, ch);
        const node = this.nodes[child];
        node.fail = fail;
        node.outputLink = this.nodes[fail].output >= 0 ? fail : this.nodes[fail].outputLink;
        queue.push(child);
      }
    }
  }

  private step(state: number, ch: number): number {
    for (let s = state; s !== 0; s = this.nodes[s].fail) {
      const next = this.nodes[s].next.get(ch);
      if (next !== undefined) return next;
    }
    return this.rootNext[ch];
  }
}
