/** Up to this many edges are searched in order, beyond it by bisection. */
const LINEAR_SEARCH = 8;

/**
 * The target of state s's edge labelled `key`, or 0, in a flattened automaton: s's edges are
 * keys/targets[firstEdge[s] .. firstEdge[s + 1]), keys ascending. Shared by the gazetteer's Aho–Corasick and
 * the rules' keyword automaton.
 */
export function edgeTarget(
  firstEdge: Int32Array,
  keys: Uint16Array,
  targets: Int32Array,
  s: number,
  key: number,
): number {
  let lo = firstEdge[s];
  let hi = firstEdge[s + 1];
  while (hi - lo > LINEAR_SEARCH) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid] < key) lo = mid + 1;
    else hi = mid + 1;
  }
  for (; lo < hi; lo++) if (keys[lo] >= key) return keys[lo] === key ? targets[lo] : 0;
  return 0;
}
