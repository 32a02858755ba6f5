import { GramIndex, loOf } from './gram-index';
import { featureCode, gramOf, termCounts } from './text-features';

/** A document as the model sees it: feature indices with their TF-IDF weights, L2-normalised. */
export interface SparseVector {
  indices: Int32Array;
  values: Float32Array;
}

export interface VocabularyOptions {
  /** A gram seen in fewer documents than this is noise or a name, and would only make the model bigger. */
  minDocumentFrequency: number;
  /** Most frequent grams kept; bounds the model's size whatever the history's size. */
  maxFeatures: number;
}

/** Reused output of Vocabulary.vectoriseInto: feature indices and TF-IDF values, of which the first n are set. */
export interface SparseBuffer {
  indices: Int32Array;
  values: Float32Array;
}

export const sparseBuffer = (capacity = 256): SparseBuffer => ({
  indices: new Int32Array(capacity),
  values: new Float32Array(capacity),
});

/**
 * 1 + ln tf by count, the same doubles Math.log gives: a text's grams seldom occur more than a few times, and a
 * load is cheaper than a log per gram.
 */
const SUBLINEAR_TF = Float64Array.from({ length: 64 }, (_, tf) => 1 + Math.log(tf));

/**
 * The n-grams a model knows, each with its inverse document frequency. Sublinear term frequency (1 + ln tf)
 * so a complaint that repeats 物业 ten times is not ten times about 物业.
 */
export class Vocabulary {
  private readonly index: GramIndex;
  /** Term counts by feature during one vectorise call, all zero between calls. */
  private readonly counts: Int32Array;
  /** vectorise's buffer: the features of the current text in order of first occurrence, and their values. */
  private readonly own = sparseBuffer();

  private constructor(
    readonly grams: readonly string[],
    readonly idf: Float32Array,
  ) {
    this.index = new GramIndex(grams);
    this.counts = new Int32Array(grams.length);
  }

  static fit(texts: readonly string[], options: VocabularyOptions): Vocabulary {
    const df = new Map<number, number>();
    for (const text of texts) for (const key of termCounts(text).keys()) df.set(key, (df.get(key) ?? 0) + 1);
    const kept = [...df.entries()]
      .filter(([, n]) => n >= options.minDocumentFrequency)
      // Ties broken by key so the vocabulary does not depend on Map insertion order.
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .slice(0, options.maxFeatures);
    const n = texts.length;
    const idf = Float32Array.from(kept, ([, d]) => Math.log((1 + n) / (1 + d)) + 1);
    return new Vocabulary(
      kept.map(([key]) => gramOf(key)),
      idf,
    );
  }

  static restore(grams: readonly string[], idf: readonly number[] | Float32Array): Vocabulary {
    if (grams.length !== idf.length) throw new Error('vocabulary: grams and idf differ in length');
    return new Vocabulary(grams, Float32Array.from(idf));
  }

  get size(): number {
    return this.grams.length;
  }

  /**
   * The n-grams of ngramKeys (text-features.ts) looked up as they are read, counted in a reused array: the
   * router vectorises every item, so this builds no strings, maps or numbers on the heap.
   */
  vectorise(text: string): SparseVector {
    const n = this.vectoriseInto(text, this.own);
    return { indices: this.own.indices.slice(0, n), values: this.own.values.slice(0, n) };
  }

  /**
   * vectorise into `into`'s first n entries (n returned), grown if short: a caller that is done with the last
   * vector before asking for the next (the router's model) allocates nothing per text.
   */
  vectoriseInto(text: string, into: SparseBuffer): number {
    const counts = this.counts;
    const index = this.index;
    if (into.indices.length < text.length * 3) {
      into.indices = new Int32Array(text.length * 3);
      into.values = new Float32Array(text.length * 3);
    }
    const seen = into.indices;
    let n = 0;
    let p1 = 0;
    let p2 = 0;
    for (let i = 0; i < text.length; i += 1) {
      const c = featureCode(text.charCodeAt(i));
      if (c < 0) continue;
      if (c === 0) {
        p1 = 0;
        p2 = 0;
        continue;
      }
      let f = index.get(0, c);
      if (f >= 0 && counts[f]++ === 0) seen[n++] = f;
      if (p1 > 0) {
        const lo = loOf(p1, c);
        f = index.get(0, lo);
        if (f >= 0 && counts[f]++ === 0) seen[n++] = f;
        if (p2 > 0) {
          f = index.get(p2, lo);
          if (f >= 0 && counts[f]++ === 0) seen[n++] = f;
        }
      }
      p2 = p1;
      p1 = c;
    }
    const values = into.values;
    const idf = this.idf;
    let norm = 0;
    for (let k = 0; k < n; k += 1) {
      const i = seen[k];
      const tf = counts[i];
      const w = (tf < SUBLINEAR_TF.length ? SUBLINEAR_TF[tf] : 1 + Math.log(tf)) * idf[i];
      counts[i] = 0;
      values[k] = w;
      norm += w * w;
    }
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let k = 0; k < n; k += 1) values[k] *= scale;
    return n;
  }
}
