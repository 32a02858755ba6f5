const FULL_WIDTH_ALNUM = /[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/g;
/** Full-width U+FF01..FF5E sit exactly 0xFEE0 above their ASCII counterparts. */
const FULL_TO_HALF_OFFSET = 0xfee0;

/**
 * Work orders are typed on phones and by hotline operators with Chinese IMEs, so the same name arrives with
 * full-width digits or stray spaces ('颍 州 区'); matching on a canonical form keeps the name tables small.
 */
export function normaliseText(text: string): string {
  if (!needsNormalising(text)) return text;
  return text
    .replace(FULL_WIDTH_ALNUM, (ch) => String.fromCharCode(ch.charCodeAt(0) - FULL_TO_HALF_OFFSET))
    .replace(/\s+/g, '');
}

/**
 * Most texts have neither a full-width letter or digit nor a space of any kind; for them the two replacements
 * above would copy the string for nothing. True for every code unit \s or FULL_WIDTH_ALNUM can match (spaces:
 * ECMAScript WhiteSpace and LineTerminator, i.e. tab to CR, U+FEFF and Unicode's Zs), plus U+180E to be safe.
 */
function needsNormalising(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c <= 0x20 || c === 0xa0) return true;
    if (c < 0x1680 || (c >= 0x4e00 && c <= 0x9fff)) continue;
    if (c === 0x1680 || c === 0x180e || (c >= 0x2000 && c <= 0x200a)) return true;
    if (c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff)
      return true;
    if ((c >= 0xff10 && c <= 0xff19) || (c >= 0xff21 && c <= 0xff3a) || (c >= 0xff41 && c <= 0xff5a))
      return true;
  }
  return false;
}
