import {
  centreFeatures,
  type LinearWeights,
  logits,
  quantise,
  type QuantisedWeights,
  quantisedLogits,
  softmaxInPlace,
} from './linear-model';
import { stableHash } from './prng';
import { type Contribution, type ModelMeta, type Suggestion } from './types';
import { sparseBuffer, Vocabulary } from './vocabulary';

export const MODEL_FORMAT = 'minsheng-text-model';
export const MODEL_FORMAT_VERSION = 1;
/** Stored weights are integers: weight × WEIGHT_SCALE. A thousandth is far below what moves a ranking. */
const WEIGHT_SCALE = 1000;

/**
 * A model exactly as held in memory, for a worker thread (typed arrays are copied as they are); the JSON
 * document rounds IDF and weights, so a model read back from it may score the last digit differently.
 */
export interface TextModelState {
  classes: string[];
  grams: string[];
  idf: Float32Array;
  linear: LinearWeights;
  meta: ModelMeta;
}

/** The JSON a model is stored and shipped as. */
export interface TextModelDocument {
  format: typeof MODEL_FORMAT;
  formatVersion: typeof MODEL_FORMAT_VERSION;
  meta: ModelMeta;
  classes: string[];
  grams: string[];
  idf: number[];
  /** Feature-major, grams.length × classes.length integers (weight × weightScale). */
  weights: number[];
  weightScale: number;
  bias: number[];
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * A trained department classifier: TF-IDF character n-grams into a linear model, softmax with a fitted
 * temperature. Pure and synchronous, so the router can call it per item.
 */
export class TextModel {
  private readonly scratch: Float64Array<ArrayBuffer>;
  /**
   * The last text vectorised and its vector (the first `length` entries), kept: the router explains the
   * suggestion it has just asked for, and a buffer reused allocates nothing per text.
   */
  private readonly x = sparseBuffer();
  private length = 0;
  private lastText: string | undefined;
  /** The weights as stored (integers), when float32 holds them exactly: what suggest scores with. */
  private readonly quantised: QuantisedWeights | undefined;

  constructor(
    readonly classes: readonly string[],
    private readonly vocabulary: Vocabulary,
    private readonly linear: LinearWeights,
    readonly meta: ModelMeta,
  ) {
    this.scratch = new Float64Array(classes.length);
    this.quantised = quantise(linear, WEIGHT_SCALE);
  }

  /** Centred, quantised and versioned by content: the same training data and seed give the same version. */
  static build(
    classes: readonly string[],
    vocabulary: Vocabulary,
    linear: LinearWeights,
    meta: Omit<ModelMeta, 'version' | 'vocabularySize'>,
  ): TextModel {
    centreFeatures(linear);
    for (let i = 0; i < linear.weights.length; i += 1)
      linear.weights[i] = Math.round(linear.weights[i] * WEIGHT_SCALE) / WEIGHT_SCALE;
    for (let c = 0; c < linear.classes; c += 1) linear.bias[c] = round(linear.bias[c], 4);
    let h = stableHash(classes.join('|') + vocabulary.grams.join('|'));
    for (let i = 0; i < linear.weights.length; i += 1)
      h = Math.imul(h ^ Math.round(linear.weights[i] * WEIGHT_SCALE), 0x01000193) >>> 0;
    const version = `tm-${h.toString(16).padStart(8, '0')}`;
    return new TextModel(classes, vocabulary, linear, {
      ...meta,
      version,
      vocabularySize: vocabulary.size,
    });
  }

  get version(): string {
    return this.meta.version;
  }

  get threshold(): number {
    return this.meta.threshold;
  }

  /** Every department, most likely first; `limit` cuts the list. */
  suggest(text: string, limit = 5): Suggestion[] {
    const n = this.vectorise(text);
    const z = this.quantised
      ? quantisedLogits(this.quantised, this.x, this.scratch, n)
      : logits(this.linear, this.x, this.scratch, n);
    const p = softmaxInPlace(z, this.meta.temperature);
    return rankClasses(p, limit).map((c) => ({ department: this.classes[c], confidence: round(p[c], 4) }));
  }

  /** The n-grams of `text` that raised `department`'s score most, strongest first. */
  explain(text: string, department: string, limit = 6): Contribution[] {
    const c = this.classes.indexOf(department);
    if (c < 0) return [];
    const n = this.vectorise(text);
    const { indices, values } = this.x;
    const C = this.classes.length;
    const weights = this.linear.weights;
    const grams = this.vocabulary.grams;
    const temperature = this.meta.temperature;
    // A limit that is not a count (0, negative, fractional) keeps slice's meaning of it.
    if (!(limit >= 1 && Number.isInteger(limit))) {
      const all: Contribution[] = [];
      for (let k = 0; k < n; k += 1) {
        const w = (values[k] * weights[indices[k] * C + c]) / temperature;
        if (w > 0) all.push({ ngram: grams[indices[k]], weight: w });
      }
      return all
        .sort(byWeight)
        .slice(0, limit)
        .map((o) => ({ ngram: o.ngram, weight: round(o.weight, 3) }));
    }
    const top: Contribution[] = [];
    for (let k = 0; k < n; k += 1) {
      const w = (values[k] * weights[indices[k] * C + c]) / temperature;
      if (w > 0) keepTop(top, limit, w, grams[indices[k]]);
    }
    for (const o of top) o.weight = round(o.weight, 3);
    return top;
  }

  /** The entries of `text`'s vector now in this.x. */
  private vectorise(text: string): number {
    if (this.lastText !== text) {
      this.length = this.vocabulary.vectoriseInto(text, this.x);
      this.lastText = text;
    }
    return this.length;
  }

  toJSON(): TextModelDocument {
    return {
      format: MODEL_FORMAT,
      formatVersion: MODEL_FORMAT_VERSION,
      meta: this.meta,
      classes: [...this.classes],
      grams: [...this.vocabulary.grams],
      idf: Array.from(this.vocabulary.idf, (v) => round(v, 4)),
      weights: Array.from(this.linear.weights, (w) => Math.round(w * WEIGHT_SCALE)),
      weightScale: WEIGHT_SCALE,
      bias: Array.from(this.linear.bias, (b) => round(b, 4)),
    };
  }

  state(): TextModelState {
    return {
      classes: [...this.classes],
      grams: [...this.vocabulary.grams],
      idf: this.vocabulary.idf,
      linear: this.linear,
      meta: this.meta,
    };
  }

  static fromState(state: TextModelState): TextModel {
    const vocabulary = Vocabulary.restore(state.grams, state.idf);
    return new TextModel(state.classes, vocabulary, state.linear, state.meta);
  }

  static fromJSON(doc: TextModelDocument): TextModel {
    if (doc.format !== MODEL_FORMAT || doc.formatVersion !== MODEL_FORMAT_VERSION)
      throw new Error(`text model: unsupported format ${doc.format}/${doc.formatVersion}`);
    const C = doc.classes.length;
    if (doc.weights.length !== doc.grams.length * C || doc.bias.length !== C)
      throw new Error('text model: weights do not match classes × grams');
    const linear: LinearWeights = {
      classes: C,
      features: doc.grams.length,
      weights: Float64Array.from(doc.weights, (w) => w / doc.weightScale),
      bias: Float64Array.from(doc.bias),
    };
    return new TextModel(doc.classes, Vocabulary.restore(doc.grams, doc.idf), linear, doc.meta);
  }
}

/**
 * Class indices by probability, highest first, ties to the lower index; the first `limit`. A partial insertion
 * sort: the router asks for three of some thirty departments on every item.
 */
function rankClasses(p: Float64Array, limit: number): number[] {
  if (!(limit >= 1 && Number.isInteger(limit)))
    return [...p.keys()].sort((a, b) => p[b] - p[a] || a - b).slice(0, limit);
  const k = Math.min(limit, p.length);
  const top: number[] = [];
  for (let c = 0; c < p.length; c += 1) {
    let len = top.length;
    if (len === k) {
      if (!(p[c] > p[top[k - 1]])) continue;
      len = k - 1;
    }
    let j = len;
    for (; j > 0 && p[c] > p[top[j - 1]]; j -= 1) top[j] = top[j - 1];
    top[j] = c;
  }
  return top;
}

/**
 * Heavier first; equal weights (n-grams that always occur together train to the same weight) by the n-gram. One
 * collator: ECMA-402 defines a.localeCompare(b) as a new default Intl.Collator's compare, so the order is the same.
 */
const collator = new Intl.Collator();
const byWeight = (a: Contribution, b: Contribution) =>
  b.weight - a.weight || collator.compare(a.ngram, b.ngram);

/**
 * Adds a contribution to `top`, the first `limit` so far in stable byWeight order, if it belongs there. Selecting
 * rather than sorting all of a text's hundred-odd contributions: ties are common and each costs a collation, and
 * a contribution that cannot make the list is never made an object.
 */
function keepTop(top: Contribution[], limit: number, weight: number, ngram: string): void {
  // Strictly before only: an equal one found earlier stays first, as a stable sort keeps it.
  const before = (e: Contribution) => (e.weight - weight || collator.compare(ngram, e.ngram)) < 0;
  let j = top.length;
  if (j === limit) {
    if (!before(top[limit - 1])) return;
    j = limit - 1;
  }
  for (; j > 0 && before(top[j - 1]); j -= 1) top[j] = top[j - 1];
  top[j] = { ngram, weight };
}
