/** Console helpers: one clear line per step, details indented under it, colour only on a terminal. */

const colour = process.stdout.isTTY === true && !process.env.NO_COLOR;

function paint(code: string, text: string): string {
  return colour ? `\x1b[${code}m${text}\x1b[0m` : text;
}

export const bold = (t: string): string => paint('1', t);
export const dim = (t: string): string => paint('2', t);
export const green = (t: string): string => paint('32', t);
export const yellow = (t: string): string => paint('33', t);
export const red = (t: string): string => paint('31', t);

export const STEP_COUNT = 8;

export function step(n: number, title: string, what: string): void {
  console.log(`\n${bold(`[${n}/${STEP_COUNT}] ${title}`)} — ${what}`);
}

export function detail(text: string): void {
  for (const line of text.split('\n')) console.log(`      ${line}`);
}

/** A notice that must not be missed in the scroll: framed and yellow. */
export function notice(text: string): void {
  const rule = '!'.repeat(Math.min(80, text.length + 8));
  console.log(yellow(`\n${rule}\n!!  ${text}\n${rule}`));
}

export function failure(text: string): void {
  console.error(red(`\n✗ ${text}`));
}

/** Hides a password in a connection URL before it is shown. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
