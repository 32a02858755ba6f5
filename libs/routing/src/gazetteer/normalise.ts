const FULL_WIDTH_ALNUM = /[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/g;
/** Full-width U+FF01..FF5E sit exactly 0xFEE0 above their ASCII counterparts. */
const FULL_TO_HALF_OFFSET = 0xfee0;

/**
 * Work orders are typed on phones and by hotline operators with Chinese IMEs, so the same name arrives with
 * full-width digits or stray spaces ('颍 州 区'); matching on a canonical form keeps the name tables small.
 */
export function normaliseText(text: string): string {
  return text
    .replace(FULL_WIDTH_ALNUM, (ch) => String.fromCharCode(ch.charCodeAt(0) - FULL_TO_HALF_OFFSET))
    .replace(/\s+/g, '');
}
