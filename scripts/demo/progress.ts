import { type Client } from 'pg';
import { dim } from './ui';

export interface FlowCounts {
  /** Distinct appeals stored by the connector (revisions of one appeal count once). */
  pulled: number;
  /** Outbox rows not yet published to Kafka. */
  unsent: number;
  /** Appeals whose latest decision is automatic routing … */
  routed: number;
  /** … or manual triage. */
  triage: number;
}

export interface FlowResult {
  complete: boolean;
  counts: FlowCounts;
  elapsedMs: number;
}

/** An item may be decided more than once (a new revision, a re-route); only its latest decision counts. */
export const LATEST_DECISIONS = `(SELECT DISTINCT ON (item_id) * FROM routing_decisions
  ORDER BY item_id, item_revision DESC, decision_revision DESC)`;

export async function readCounts(client: Client): Promise<FlowCounts> {
  const { rows } = await client.query<Record<keyof FlowCounts, string>>(
    `SELECT (SELECT count(DISTINCT id) FROM appeal_items) AS pulled,
            (SELECT count(*) FROM outbox WHERE sent_at IS NULL) AS unsent,
            (SELECT count(*) FILTER (WHERE mode = 'auto') FROM ${LATEST_DECISIONS} d) AS routed,
            (SELECT count(*) FILTER (WHERE mode = 'triage') FROM ${LATEST_DECISIONS} d) AS triage`,
  );
  const [r] = rows;
  return {
    pulled: Number(r.pulled),
    unsent: Number(r.unsent),
    routed: Number(r.routed),
    triage: Number(r.triage),
  };
}

function formatLine(c: FlowCounts, expected: number, elapsedMs: number): string {
  return (
    `pulled ${c.pulled}/${expected} · in outbox unsent ${c.unsent} · routed ${c.routed} · triage ${c.triage}` +
    dim(`   ${Math.round(elapsedMs / 1000)} s`)
  );
}

const POLL_MS = 1000;
/** Plain output (CI logs, pipes) gets a new line at most this often instead of an overwritten one. */
const PLAIN_EVERY_MS = 2000;

/**
 * Polls the database until every expected appeal has been pulled and decided, or the time is up. `check` runs
 * each round so a crashed app ends the wait at once instead of after the timeout.
 */
export async function watchFlow(
  client: Client,
  expected: number,
  timeoutMs: number,
  check: () => void,
): Promise<FlowResult> {
  const tty = process.stdout.isTTY === true;
  const started = Date.now();
  let lastPlain = 0;
  for (;;) {
    check();
    const counts = await readCounts(client);
    const elapsedMs = Date.now() - started;
    const complete = counts.pulled === expected && counts.routed + counts.triage === expected;
    const done = complete || elapsedMs >= timeoutMs;
    const line = `      ${formatLine(counts, expected, elapsedMs)}`;
    if (tty) {
      // \r + erase-line rewrites the same line; the final state is kept with a newline.
      process.stdout.write(`\r\x1b[2K${line}${done ? '\n' : ''}`);
    } else if (done || Date.now() - lastPlain >= PLAIN_EVERY_MS) {
      console.log(line);
      lastPlain = Date.now();
    }
    if (done) return { complete, counts, elapsedMs };
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

/** Names, in plain words, which stage did not finish and where to look. */
export async function explainIncomplete(client: Client, c: FlowCounts, expected: number): Promise<string[]> {
  const out: string[] = [];
  if (c.pulled < expected) {
    const { rows } = await client.query<{ status: string; error: string | null; runs: string }>(
      `SELECT status, error, (SELECT count(*) FROM connector_runs) AS runs FROM connector_runs ORDER BY id DESC LIMIT 1`,
    );
    const last = rows[0];
    const why = !last
      ? 'the connector has not run yet'
      : last.error
        ? `last pull ${last.status}: ${last.error}`
        : `last pull ${last.status}, ${last.runs} run${last.runs === '1' ? '' : 's'} so far`;
    out.push(
      `${expected - c.pulled} work orders not pulled from the simulator (${why}) — see connectors.log`,
    );
  }
  if (c.unsent > 0) out.push(`${c.unsent} outbox rows not published to Kafka — see connectors.log`);
  const undecided = c.pulled - c.routed - c.triage;
  if (undecided > 0) out.push(`${undecided} pulled appeals have no routing decision yet — see router.log`);
  const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM dead_letters`);
  if (Number(rows[0].n) > 0)
    out.push(`${rows[0].n} messages were dead-lettered — see the dead_letters table`);
  return out;
}
