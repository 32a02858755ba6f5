import { type Client } from 'pg';
import { type FlowCounts, LATEST_DECISIONS } from './progress';
import { renderTable } from './table';
import { bold, detail } from './ui';

const TRIAGE_REASONS: Record<string, string> = {
  no_jurisdiction: 'no place found in the text',
  ambiguous_jurisdiction: 'place is ambiguous',
  no_department: 'no department rule matched',
  manual: 'flagged for a person',
};

/** More departments than this are folded into one "others" row to keep the screen readable. */
const TOP_DEPARTMENTS = 12;

export interface SampleTicket {
  id: string;
  title: string | null;
  countyCode: string | null;
  countyName: string | null;
  unitName: string | null;
  grade: string;
  dueAt: Date | null;
}

interface CountyRow {
  code: string | null;
  name: string | null;
  routed: string;
  triage: string;
}

const num = (v: string | number): string => Number(v).toLocaleString('en-US');

/** Due dates are business deadlines in 阜阳, so they are shown in Shanghai time whatever the machine's zone. */
function shanghaiTime(d: Date): string {
  return `${d.toLocaleString('sv-SE', { timeZone: 'Asia/Shanghai' }).slice(0, 16)} (Asia/Shanghai)`;
}

function printFlow(c: FlowCounts, reasons: { reason: string | null; n: string }[]): void {
  const rows = [
    ['pulled from the 12345 simulator', num(c.pulled)],
    ['routed automatically', num(c.routed)],
    ['in triage (a person decides)', num(c.triage)],
    ...reasons.map((r) => [`  · ${TRIAGE_REASONS[r.reason ?? ''] ?? r.reason ?? '(no reason)'}`, num(r.n)]),
  ];
  detail(renderTable([{ title: 'Appeals' }, { title: 'count', align: 'right' }], rows).join('\n'));
}

function printCounties(rows: CountyRow[]): void {
  const table = rows.map((r) => [
    r.code ? `${r.name ?? '(unknown code)'} ${r.code}` : '(no place)',
    num(r.routed),
    num(r.triage),
    num(Number(r.routed) + Number(r.triage)),
  ]);
  const right = 'right' as const;
  detail(
    renderTable(
      [
        { title: 'County' },
        { title: 'routed', align: right },
        { title: 'triage', align: right },
        { title: 'total', align: right },
      ],
      table,
    ).join('\n'),
  );
}

function printDepartments(rows: { name: string | null; n: string }[]): void {
  const shown = rows.slice(0, TOP_DEPARTMENTS).map((r) => [r.name ?? '(none)', num(r.n)]);
  const rest = rows.slice(TOP_DEPARTMENTS);
  if (rest.length) {
    const n = rest.reduce((a, r) => a + Number(r.n), 0);
    shown.push([`… ${rest.length} more departments`, num(n)]);
  }
  detail(
    renderTable([{ title: 'Lead department (routed)' }, { title: 'tickets', align: 'right' }], shown).join(
      '\n',
    ),
  );
}

/** Prints the result tables and returns one routed ticket to show through the gateway. */
export async function printSummary(client: Client, counts: FlowCounts): Promise<SampleTicket | undefined> {
  const reasons = await client.query<{ reason: string | null; n: string }>(
    `SELECT reason, count(*) AS n FROM ${LATEST_DECISIONS} d WHERE mode = 'triage' GROUP BY reason ORDER BY n DESC`,
  );
  const counties = await client.query<CountyRow>(
    `SELECT d.county_code AS code, v.name,
            count(*) FILTER (WHERE d.mode = 'auto') AS routed, count(*) FILTER (WHERE d.mode = 'triage') AS triage
     FROM ${LATEST_DECISIONS} d LEFT JOIN divisions v ON v.code = d.county_code
     GROUP BY d.county_code, v.name ORDER BY count(*) DESC, d.county_code NULLS LAST`,
  );
  const departments = await client.query<{ name: string | null; n: string }>(
    `SELECT coalesce(p.name, d.department_code) AS name, count(*) AS n
     FROM ${LATEST_DECISIONS} d LEFT JOIN departments p ON p.code = d.department_code
     WHERE d.mode = 'auto' GROUP BY 1 ORDER BY n DESC, 1`,
  );
  console.log();
  printFlow(counts, reasons.rows);
  console.log();
  printCounties(counties.rows);
  console.log();
  printDepartments(departments.rows);
  return sampleTicket(client);
}

/** Lowest id among fully routed tickets, so repeated runs over the same simulator data show the same one. */
async function sampleTicket(client: Client): Promise<SampleTicket | undefined> {
  const { rows } = await client.query<SampleTicket>(
    `SELECT d.item_id AS "id", d.ticket->'item'->>'title' AS "title", d.county_code AS "countyCode",
            v.name AS "countyName", d.ticket->'decision'->'lead'->>'unitName' AS "unitName", d.grade,
            d.due_at AS "dueAt"
     FROM ${LATEST_DECISIONS} d LEFT JOIN divisions v ON v.code = d.county_code
     WHERE d.mode = 'auto' ORDER BY (d.county_code IS NULL), (d.due_at IS NULL), d.item_id LIMIT 1`,
  );
  return rows[0];
}

export function printSample(t: SampleTicket, gatewayUrl: string): void {
  console.log();
  detail(bold('A routed ticket'));
  const rows = [
    ['id', t.id],
    ['title', t.title ?? '(none)'],
    ['county', t.countyCode ? `${t.countyName ?? '?'} (${t.countyCode})` : '(no place)'],
    ['unit', t.unitName ?? '(none)'],
    ['grade', t.grade],
    ['due', t.dueAt ? shanghaiTime(new Date(t.dueAt)) : '(none)'],
  ];
  detail(rows.map(([k, v]) => `  ${k.padEnd(7)}${v}`).join('\n'));
  console.log();
  detail(`curl ${gatewayUrl}/health`);
}
