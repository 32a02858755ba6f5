import { gramOf, keyOf, termCounts } from './text-features';

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

/**
 * The n-grams a model knows, each with its inverse document frequency. Sublinear term frequency (1 + ln tf)
 * so a complaint that repeats 物业 ten times is not ten times about 物业.
 */
export class Vocabulary {
  private readonly index: Map<number, number>;

  private constructor(
    readonly grams: readonly string[],
    readonly idf: Float32Array,
  ) {
    this.index = new Map(grams.map((g, i) => [keyOf(g), i]));
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

  static restore(grams: readonly string[], idf: readonly number[]): Vocabulary {
    if (grams.length !== idf.length) throw new Error('vocabulary: grams and idf differ in length');
    return new Vocabulary(grams, Float32Array.from(idf));
  }

  get size(): number {
    return this.grams.length;
  }

  vectorise(text: string): SparseVector {
    const counts = termCounts(text);
    const indices = new Int32Array(counts.size);
    const values = new Float32Array(counts.size);
    let n = 0;
    let norm = 0;
    for (const [key, tf] of counts) {
      const i = this.index.get(key);
      if (i === undefined) continue;
      const w = (1 + Math.log(tf)) * this.idf[i];
      indices[n] = i;
      values[n] = w;
      n += 1;
      norm += w * w;
    }
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let k = 0; k < n; k += 1) values[k] *= scale;
    return { indices: indices.subarray(0, n), values: values.subarray(0, n) };
  }
}
