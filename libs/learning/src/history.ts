import { type LabelledText } from './types';

/**
 * One decided appeal a line, as a city exports its past work orders:
 * `{"title"?, "content", "department", "county"?, "returned"?, "decidedAt"?}`. `returned: true` marks a 退单 by
 * that department. The county is accepted and not used: the model learns departments, places come from the
 * gazetteer.
 */
export interface HistoryLine {
  title?: string;
  content: string;
  department: string;
  county?: string;
  returned?: boolean;
  decidedAt?: string;
}

/** Title and content as one text, the way the router reads an item. */
export function appealText(title: string | undefined, content: string): string {
  return title ? `${title}。${content}` : content;
}

/** Lines that are not a decided appeal are counted and skipped, never fatal: one bad export row costs nothing. */
export function parseHistory(jsonl: string): { examples: LabelledText[]; skipped: number } {
  const examples: LabelledText[] = [];
  let skipped = 0;
  for (const line of jsonl.split('\n')) {
    if (!line.trim()) continue;
    let row: Partial<HistoryLine>;
    try {
      row = JSON.parse(line) as Partial<HistoryLine>;
    } catch {
      skipped += 1;
      continue;
    }
    if (
      typeof row.content !== 'string' ||
      !row.content.trim() ||
      typeof row.department !== 'string' ||
      !row.department
    ) {
      skipped += 1;
      continue;
    }
    examples.push({
      text: appealText(typeof row.title === 'string' ? row.title : undefined, row.content),
      department: row.department,
      returned: row.returned === true ? true : undefined,
      at: typeof row.decidedAt === 'string' ? row.decidedAt : undefined,
    });
  }
  return { examples, skipped };
}
