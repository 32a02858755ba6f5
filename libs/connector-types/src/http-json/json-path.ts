/** One step of a dot path: a key, or an array index. */
export type PathStep = string | number;

/** `a.b.c`, `a[0].b`, `list[2][0]`: keys are anything but dots, brackets and whitespace. */
export const DOT_PATH = /^[^.[\]\s]+(\[\d+\])*(\.[^.[\]\s]+(\[\d+\])*)*$/;

export function parsePath(path: string): PathStep[] {
  if (!DOT_PATH.test(path)) throw new Error(`invalid dot path ${JSON.stringify(path)}`);
  const steps: PathStep[] = [];
  for (const part of path.split('.')) {
    const m = /^([^[]+)((?:\[\d+\])*)$/.exec(part);
    if (!m) throw new Error(`invalid dot path ${JSON.stringify(path)}`);
    steps.push(m[1]);
    for (const idx of m[2].matchAll(/\[(\d+)\]/g)) steps.push(Number(idx[1]));
  }
  return steps;
}

/** The value at a dot path, or undefined when any step is missing (null is a value, not a miss). */
export function getPath(root: unknown, path: string): unknown {
  let cur: unknown = root;
  for (const step of parsePath(path)) {
    if (typeof step === 'number') {
      if (!Array.isArray(cur) || step >= cur.length) return undefined;
      cur = (cur as unknown[])[step];
    } else {
      if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
      if (!Object.prototype.hasOwnProperty.call(cur, step)) return undefined;
      cur = (cur as Record<string, unknown>)[step];
    }
  }
  return cur;
}

/** A scalar at a path as trimmed text; objects, arrays, null and blank strings are absent. */
export function textAt(root: unknown, path: string): string | undefined {
  const v = getPath(root, path);
  if (typeof v === 'string') return v.trim() || undefined;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'boolean') return String(v);
  return undefined;
}

/**
 * Whether a record has the path: the walk either ends on a value or stops at a null on the way (an empty
 * nested object, such as `reply: null` before a reply exists). A missing key or index is not there.
 */
export function hasPath(root: unknown, path: string): boolean {
  let cur: unknown = root;
  for (const step of parsePath(path)) {
    if (cur === null) return true;
    if (typeof step === 'number') {
      if (!Array.isArray(cur) || step >= cur.length) return false;
      cur = (cur as unknown[])[step];
    } else {
      if (typeof cur !== 'object' || Array.isArray(cur) || !Object.prototype.hasOwnProperty.call(cur, step)) {
        return false;
      }
      cur = (cur as Record<string, unknown>)[step];
    }
  }
  return true;
}
