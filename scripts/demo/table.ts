/** Plain-text tables that stay aligned with Chinese names: a CJK character takes two terminal columns. */

const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u;
// eslint-disable-next-line no-control-regex -- ANSI colour codes take no columns
const ANSI = /\x1b\[[0-9;]*m/g;

export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text.replace(ANSI, '')) width += WIDE.test(ch) ? 2 : 1;
  return width;
}

function pad(text: string, width: number, align: 'left' | 'right'): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return align === 'left' ? text + fill : fill + text;
}

export interface Column {
  title: string;
  align?: 'left' | 'right';
}

/** Lines of a table with a header rule; numbers are usually right-aligned by the caller's column spec. */
export function renderTable(columns: Column[], rows: string[][]): string[] {
  const widths = columns.map((c, i) =>
    Math.max(displayWidth(c.title), ...rows.map((r) => displayWidth(r[i] ?? ''))),
  );
  const line = (cells: string[]): string =>
    cells
      .map((cell, i) => pad(cell, widths[i], columns[i].align ?? 'left'))
      .join('  ')
      .trimEnd();
  const rule = '─'.repeat(widths.reduce((a, w) => a + w, 0) + 2 * (widths.length - 1));
  return [line(columns.map((c) => c.title)), rule, ...rows.map(line)];
}
