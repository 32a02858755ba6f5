/**
 * Literals a text must contain for a pattern to match it, read from the pattern's source: a list of sets, each
 * of which must have a member in the text. re2js works out the same from its parse tree, but after factoring
 * alternations (工资|工钱 becomes 工[资钱], so only 工 is required); reading the source keeps whole literals.
 *
 * Only plain syntax is read — literals, groups, alternation, repetition, classes and simple escapes; anything
 * else (flags, named groups, \p, \x, \Q …) gives null, and the caller falls back on re2js' requirement.
 */
export function requiredLiterals(pattern: string): Set<string>[] | null {
  try {
    const reader = new Reader(pattern);
    const info = reader.alternation();
    if (!reader.done()) return null;
    const clauses = info.exact ? [info.exact] : info.required;
    return clauses.filter((c) => !c.has(''));
  } catch (error) {
    if (error instanceof Unsupported) return null;
    throw error;
  }
}

/** `exact`: every string the part can match, when there are few; `required`: sets it needs one member of. */
interface Info {
  exact: Set<string> | null;
  required: Set<string>[];
}

/** Beyond this many strings a part's exact matches are not tracked. */
const MAX_EXACT = 16;
const anything = (): Info => ({ exact: null, required: [] });
const empty = (): Info => ({ exact: new Set(['']), required: [] });

class Unsupported extends Error {}

/** Shortest member first, then fewer members: the order in which sets are likeliest to be rare. */
export function rarerFirst(a: Set<string>, b: Set<string>): number {
  return shortest(b) - shortest(a) || a.size - b.size;
}

const shortest = (c: Set<string>): number => Math.min(...[...c].map((s) => s.length));

/** The rarest-looking set the part needs a member of, or null when it needs none. */
function bestClause(info: Info): Set<string> | null {
  const clauses = (info.exact ? [info.exact] : info.required).filter((c) => !c.has(''));
  return clauses.sort(rarerFirst)[0] ?? null;
}

class Reader {
  private i = 0;

  constructor(private readonly src: string) {}

  done(): boolean {
    return this.i >= this.src.length;
  }

  alternation(): Info {
    const branches = [this.concatenation()];
    while (this.src[this.i] === '|') {
      this.i++;
      branches.push(this.concatenation());
    }
    if (branches.length === 1) return branches[0];
    const union = new Set<string>();
    for (const b of branches) for (const s of b.exact ?? []) union.add(s);
    if (branches.every((b) => b.exact) && union.size <= MAX_EXACT) return { exact: union, required: [] };
    const picked = new Set<string>();
    for (const b of branches) {
      const clause = bestClause(b);
      if (clause === null) return anything();
      for (const s of clause) picked.add(s);
    }
    return { exact: null, required: [picked] };
  }

  private concatenation(): Info {
    const required: Set<string>[] = [];
    let run: Set<string> | null = new Set(['']);
    let whole = true;
    const flush = () => {
      if (run !== null && !run.has('')) required.push(run);
      whole = false;
    };
    while (!this.done() && this.src[this.i] !== '|' && this.src[this.i] !== ')') {
      const part = this.repetition();
      required.push(...part.required);
      if (part.exact && run !== null && run.size * part.exact.size <= MAX_EXACT) {
        run = new Set([...run].flatMap((a) => [...(part.exact ?? [])].map((b) => a + b)));
      } else {
        flush();
        run = part.exact;
      }
    }
    if (whole && run !== null) return { exact: run, required: [] };
    flush();
    return { exact: null, required };
  }

  private repetition(): Info {
    const atom = this.atom();
    const q = this.src[this.i];
    let min: number;
    if (q === '*' || q === '?') [min, this.i] = [0, this.i + 1];
    else if (q === '+') [min, this.i] = [1, this.i + 1];
    else if (q === '{') {
      const m = /^\{(\d+)(?:,\d*)?\}/.exec(this.src.slice(this.i));
      if (!m) throw new Unsupported();
      [min, this.i] = [Number(m[1]), this.i + m[0].length];
    } else return atom;
    if (this.src[this.i] === '?') this.i++;
    if ('*+?{'.includes(this.src[this.i] ?? '|')) throw new Unsupported();
    if (min === 0) return anything();
    const clause = bestClause(atom);
    return { exact: null, required: atom.exact ? (clause ? [clause] : []) : atom.required };
  }

  private atom(): Info {
    const c = this.src[this.i];
    if (c === '(') {
      this.i++;
      if (this.src[this.i] === '?') {
        if (this.src[this.i + 1] !== ':') throw new Unsupported();
        this.i += 2;
      }
      const inner = this.alternation();
      if (this.src[this.i] !== ')') throw new Unsupported();
      this.i++;
      return inner;
    }
    if (c === '[') return this.skipClass();
    if (c === '.') return this.skip(1, anything());
    if (c === '^' || c === '$') return this.skip(1, empty());
    if (c === '\\') return this.escape();
    if ('*+?{}])|'.includes(c)) throw new Unsupported();
    const point = String.fromCodePoint(this.src.codePointAt(this.i) ?? 0);
    return this.skip(point.length, { exact: new Set([point]), required: [] });
  }

  private escape(): Info {
    const c = this.src[this.i + 1] ?? '';
    if (/^[!-/:-@[-`{-~]$/.test(c)) return this.skip(2, { exact: new Set([c]), required: [] });
    if ('bBAz'.includes(c) && c !== '') return this.skip(2, empty());
    if ('dDsSwWntrfva'.includes(c) && c !== '') return this.skip(2, anything());
    throw new Unsupported();
  }

  private skipClass(): Info {
    let j = this.i + 1;
    if (this.src[j] === '^') j++;
    if (this.src[j] === ']') j++;
    for (; j < this.src.length && this.src[j] !== ']'; j++) {
      if (this.src[j] === '\\') {
        if ('pPxQ'.includes(this.src[j + 1] ?? 'Q')) throw new Unsupported();
        j++;
      } else if (this.src.startsWith('[:', j)) {
        const end = this.src.indexOf(':]', j + 2);
        if (end < 0) throw new Unsupported();
        j = end + 1;
      }
    }
    if (j >= this.src.length) throw new Unsupported();
    this.i = j + 1;
    return anything();
  }

  private skip<T>(n: number, result: T): T {
    this.i += n;
    return result;
  }
}
