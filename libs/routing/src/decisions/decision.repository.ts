import { type DataSource, type EntityManager } from 'typeorm';
import { insertRatings, type RatingRow } from './ratings.repository';
import { type DeadLetterV1, type FeedbackV1, type RoutedTicketV1 } from '@minsheng/shared/contracts';
import {
  markFeedbackOnHeads,
  TICKET_HEAD_COLUMNS,
  TICKET_HEAD_CONFLICT,
  TICKET_HEAD_VALUES,
  ticketHeadParams,
  ticketHeadRows,
} from './ticket-heads.repository';

/** The message that made a decision; base topic name (without the deployment prefix). */
export interface Origin {
  topic: string;
  partition: number;
  offset: string;
}

export interface NewDecision {
  ticket: RoutedTicketV1;
  origin: Origin;
  /** The ticket as UTF-8 JSON, when made: the router publishes the very bytes it stores. */
  bytes?: Buffer;
}

/**
 * A ticket's JSON as UTF-8, made once: stored in routing_decisions and published as the record value. A ticket's
 * text is mostly Chinese, so its string is two-byte; as a string it was measured and encoded for PostgreSQL and
 * encoded again for Kafka, ~10 % of the router's CPU (decision 033, fourth pass).
 */
export function ticketBytes(d: NewDecision): Buffer {
  return (d.bytes ??= Buffer.from(JSON.stringify(d.ticket)));
}

const JSONB_ARRAY_OPEN = Buffer.from([1, 0x5b]); // jsonb's binary format: version 1, then the text; '['
const COMMA = Buffer.from(',');
const CLOSE = Buffer.from(']');

/**
 * The tickets as one jsonb parameter in binary format (node-postgres sends a Buffer parameter as binary): its bytes
 * go to the socket as they are, where a string would be measured and encoded again.
 */
function ticketsParam(decisions: NewDecision[]): Buffer {
  const parts: Buffer[] = [JSONB_ARRAY_OPEN];
  decisions.forEach((d, i) => {
    if (i) parts.push(COMMA);
    parts.push(ticketBytes(d));
  });
  parts.push(CLOSE);
  return Buffer.concat(parts);
}

export interface LatestDecision {
  itemRevision: number;
  decisionRevision: number;
  ticket: RoutedTicketV1;
}

export interface Fingerprint {
  itemId: string;
  simhash: string;
  bands: [number, number, number, number];
  countyCode?: string;
  phoneHash?: string;
  receivedAt: string;
}

export interface BatchWrite {
  decisions: NewDecision[];
  deadLetters: DeadLetterV1[];
  fingerprints: Fingerprint[];
  feedback: (FeedbackV1 & { origin: Origin })[];
  /** 好差评 recorded by this batch (from rated feedback or an item revision's satisfaction). */
  ratings?: RatingRow[];
}

/** See DecisionRepository.itemChunkState. */
export interface ItemChunkState {
  byOrigin: Map<string, RoutedTicketV1>;
  /** `<item id>#<item revision>` */
  decided: Set<string>;
  latest: Map<string, LatestDecision>;
}

export function originKey(o: Origin): string {
  return `${o.topic}:${o.partition}:${o.offset}`;
}

/**
 * Inserts decisions with the router's column mapping; a decision whose origin (or item and decision revision) is
 * already stored is skipped. Returns the origins this call inserted. Exported for test seeds, which must write
 * exactly what the router writes.
 */
export async function insertDecisions(tx: EntityManager, decisions: NewDecision[]): Promise<Set<string>> {
  if (!decisions.length) return new Set();
  const rows = await tx.query<{ source_topic: string; source_partition: number; source_offset: string }[]>(
    `${DECISIONS_INSERT} FROM ${decisionRows(1)} ON CONFLICT DO NOTHING
     RETURNING source_topic, source_partition, source_offset`,
    decisionParams(decisions),
  );
  return insertedOrigins(rows);
}

const DECISIONS_INSERT = `INSERT INTO routing_decisions (item_id, item_revision, decision_revision, mode, reason,
  county_code, department_code, grade, due_at, rule_set_version, ticket, source_topic, source_partition, source_offset,
  model_version, channel, town_code, received_at, decided_at) SELECT *`;

/** The 19 parameters of decisionParams as rows, numbered from $first. */
function decisionRows(first: number): string {
  const $ = (i: number) => `$${first + i - 1}`;
  return `unnest(${$(1)}::text[], ${$(2)}::int[], ${$(3)}::int[], ${$(4)}::text[], ${$(5)}::text[], ${$(6)}::text[],
    ${$(7)}::text[], ${$(8)}::text[], ${$(9)}::timestamptz[], ${$(10)}::int[],
    ARRAY(SELECT e FROM jsonb_array_elements(${$(11)}::jsonb) WITH ORDINALITY AS j(e, n) ORDER BY n),
    ${$(12)}::text[], ${$(13)}::int[], ${$(14)}::bigint[], ${$(15)}::text[], ${$(16)}::text[], ${$(17)}::text[],
    ${$(18)}::timestamptz[], ${$(19)}::timestamptz[])`;
}

function decisionParams(decisions: NewDecision[]): unknown[] {
  const t = decisions.map((d) => d.ticket);
  return [
    t.map((x) => x.item.id),
    t.map((x) => x.item.revision),
    t.map((x) => x.decisionRevision),
    t.map((x) => x.decision.mode),
    t.map((x) => x.decision.reason ?? null),
    t.map((x) => x.decision.jurisdiction.codes.county ?? null),
    t.map((x) => x.decision.lead?.department ?? null),
    t.map((x) => x.decision.grade),
    t.map((x) => x.decision.dueAt ?? null),
    t.map((x) => x.decision.ruleSetVersion),
    // One JSON array, not a jsonb[]: pg escapes every quote of every element of an array parameter, which cost
    // more than making the JSON (decision 033).
    ticketsParam(decisions),
    decisions.map((d) => d.origin.topic),
    decisions.map((d) => d.origin.partition),
    decisions.map((d) => d.origin.offset),
    t.map((x) => x.decision.modelVersion ?? null),
    // What the statistics trigger needs, as columns: reading them from the ticket's JSONB decompressed it each time.
    t.map((x) => x.item.channel),
    t.map((x) => x.decision.jurisdiction.codes.town ?? null),
    t.map((x) => x.item.receivedAt),
    t.map((x) => x.decision.decidedAt),
  ];
}

function insertedOrigins(
  rows: { source_topic: string; source_partition: number; source_offset: string }[],
): Set<string> {
  return new Set(
    rows.map((r) =>
      originKey({ topic: r.source_topic, partition: r.source_partition, offset: String(r.source_offset) }),
    ),
  );
}

const FINGERPRINTS_INSERT = `INSERT INTO item_fingerprints (item_id, simhash, band0, band1, band2, band3, county_code,
  phone_hash, received_at) SELECT *`;

function fingerprintRows(first: number): string {
  const types = ['text', 'bigint', 'int', 'int', 'int', 'int', 'text', 'text', 'timestamptz'];
  return `unnest(${types.map((type, i) => `$${first + i}::${type}[]`).join(', ')})`;
}

function fingerprintParams(prints: Fingerprint[]): unknown[] {
  return [
    prints.map((p) => p.itemId),
    prints.map((p) => p.simhash),
    ...[0, 1, 2, 3].map((b) => prints.map((p) => p.bands[b])),
    prints.map((p) => p.countyCode ?? null),
    prints.map((p) => p.phoneHash ?? null),
    prints.map((p) => p.receivedAt),
  ];
}

/**
 * A chunk's fingerprints, decisions and the heads of the decisions it inserted, in one statement: atomic by itself,
 * one round trip instead of five (BEGIN, three writes, COMMIT), which under a busy host's scheduling was most of
 * a small chunk's time (decision 033). Heads follow exactly the decisions inserted, matched by origin, newest per item.
 */
async function insertDecisionsAndHeads(
  q: EntityManager,
  prints: Fingerprint[],
  decisions: NewDecision[],
): Promise<Set<string>> {
  const rows = await q.query<{ source_topic: string; source_partition: number; source_offset: string }[]>(
    `WITH fp AS (
       ${FINGERPRINTS_INSERT} FROM ${fingerprintRows(1)} ON CONFLICT (item_id) DO NOTHING
     ), ins AS (
       ${DECISIONS_INSERT} FROM ${decisionRows(10)} ON CONFLICT DO NOTHING
       RETURNING source_topic, source_partition, source_offset
     ), heads AS (
       INSERT INTO ticket_heads (${TICKET_HEAD_COLUMNS})
       SELECT DISTINCT ON (u.id) ${TICKET_HEAD_VALUES}
       FROM ${ticketHeadRows(29, true)}
       WHERE (u.topic, u.part, u.off) IN (SELECT source_topic, source_partition, source_offset FROM ins)
       ORDER BY u.id, u.drev DESC
       ${TICKET_HEAD_CONFLICT}
     )
     SELECT source_topic, source_partition, source_offset FROM ins`,
    [
      ...fingerprintParams(prints),
      ...decisionParams(decisions),
      ...ticketHeadParams(decisions.map((d) => d.ticket)),
      decisions.map((d) => d.origin.topic),
      decisions.map((d) => d.origin.partition),
      decisions.map((d) => d.origin.offset),
    ],
  );
  return insertedOrigins(rows);
}

/** PostgreSQL side of routing. Decisions are found by the message that made them, so a re-read never re-decides. */
/** A stored fingerprint near probe number `probe` (0-based). */
export interface FingerprintCandidate {
  probe: number;
  item_id: string;
  simhash: string;
  county_code: string | null;
  phone_hash: string | null;
  received_at: Date;
}

export class DecisionRepository {
  constructor(private readonly db: DataSource) {}

  /** Stored fingerprints that share a SimHash band or the phone hash with a probe, within the window before it. */
  candidates(probes: Fingerprint[], windowHours: number): Promise<FingerprintCandidate[]> {
    return this.db.query<FingerprintCandidate[]>(
      `SELECT p.ord - 1 AS probe, f.item_id, f.simhash::text AS simhash, f.county_code, f.phone_hash, f.received_at
       FROM unnest($1::int[], $2::int[], $3::int[], $4::int[], $5::text[], $6::timestamptz[], $7::text[])
         WITH ORDINALITY AS p(b0, b1, b2, b3, phone, received, id, ord)
       JOIN LATERAL (
         SELECT * FROM item_fingerprints f
         WHERE f.received_at BETWEEN p.received - make_interval(hours => $8) AND p.received
           AND f.item_id <> p.id
           AND (f.band0 = p.b0 OR f.band1 = p.b1 OR f.band2 = p.b2 OR f.band3 = p.b3 OR (p.phone IS NOT NULL AND f.phone_hash = p.phone))
         ORDER BY f.received_at LIMIT 50
       ) f ON true`,
      [
        ...[0, 1, 2, 3].map((b) => probes.map((p) => p.bands[b])),
        probes.map((p) => p.phoneHash ?? null),
        probes.map((p) => p.receivedAt),
        probes.map((p) => p.itemId),
        windowHours,
      ],
    );
  }

  async byOrigins(origins: Origin[]): Promise<Map<string, RoutedTicketV1>> {
    if (!origins.length) return new Map();
    const rows = await this.db.query<
      { source_topic: string; source_partition: number; source_offset: string; ticket: RoutedTicketV1 }[]
    >(
      `SELECT source_topic, source_partition, source_offset, ticket FROM routing_decisions
       WHERE (source_topic, source_partition, source_offset) IN (SELECT * FROM unnest($1::text[], $2::int[], $3::bigint[]))`,
      [origins.map((o) => o.topic), origins.map((o) => o.partition), origins.map((o) => o.offset)],
    );
    return new Map(
      rows.map((r) => [
        originKey({ topic: r.source_topic, partition: r.source_partition, offset: String(r.source_offset) }),
        r.ticket,
      ]),
    );
  }

  /**
   * What routing a chunk of items needs from the decisions, in one round trip instead of three (decision 033):
   * the decisions stored for these very messages (a re-read), the item revisions already decided from the items
   * topic (a second copy), and each item's newest decision (returns to exclude, the next decision revision).
   */
  async itemChunkState(
    origins: Origin[],
    items: { id: string; revision: number }[],
  ): Promise<ItemChunkState> {
    const state: ItemChunkState = { byOrigin: new Map(), decided: new Set(), latest: new Map() };
    if (!origins.length && !items.length) return state;
    const rows = await this.db.query<
      {
        kind: 'o' | 'd' | 'l';
        source_topic: string;
        source_partition: number;
        source_offset: string;
        item_id: string;
        item_revision: number;
        decision_revision: number;
        ticket: RoutedTicketV1;
      }[]
    >(
      `(SELECT 'o' AS kind, source_topic, source_partition, source_offset, item_id, item_revision, decision_revision,
          ticket
        FROM routing_decisions
        WHERE (source_topic, source_partition, source_offset) IN (SELECT * FROM unnest($1::text[], $2::int[], $3::bigint[])))
       UNION ALL
       (SELECT DISTINCT 'd', NULL::text, NULL::int, NULL::bigint, item_id, item_revision, NULL::int, NULL::jsonb
        FROM routing_decisions
        WHERE source_topic = 'appeal.items.v1' AND (item_id, item_revision) IN (SELECT * FROM unnest($4::text[], $5::int[])))
       UNION ALL
       (SELECT DISTINCT ON (item_id) 'l', NULL, NULL, NULL, item_id, item_revision, decision_revision, ticket
        FROM routing_decisions WHERE item_id = ANY($4::text[]) ORDER BY item_id, decision_revision DESC)`,
      [
        origins.map((o) => o.topic),
        origins.map((o) => o.partition),
        origins.map((o) => o.offset),
        items.map((i) => i.id),
        items.map((i) => i.revision),
      ],
    );
    for (const r of rows) {
      if (r.kind === 'o')
        state.byOrigin.set(
          originKey({
            topic: r.source_topic,
            partition: r.source_partition,
            offset: String(r.source_offset),
          }),
          r.ticket,
        );
      else if (r.kind === 'd') state.decided.add(`${r.item_id}#${r.item_revision}`);
      else
        state.latest.set(r.item_id, {
          itemRevision: r.item_revision,
          decisionRevision: r.decision_revision,
          ticket: r.ticket,
        });
    }
    return state;
  }

  /** The decisions that feedback events answer, by `<item id>#<decision revision>`. */
  async decisionsAt(
    pairs: { itemId: string; decisionRevision: number }[],
  ): Promise<Map<string, RoutedTicketV1>> {
    if (!pairs.length) return new Map();
    const rows = await this.db.query<
      { item_id: string; decision_revision: number; ticket: RoutedTicketV1 }[]
    >(
      `SELECT item_id, decision_revision, ticket FROM routing_decisions
       WHERE (item_id, decision_revision) IN (SELECT * FROM unnest($1::text[], $2::int[]))`,
      [pairs.map((p) => p.itemId), pairs.map((p) => p.decisionRevision)],
    );
    return new Map(rows.map((r) => [`${r.item_id}#${r.decision_revision}`, r.ticket]));
  }

  /** The newest decision of each item, whatever made it. */
  async latest(itemIds: string[]): Promise<Map<string, LatestDecision>> {
    if (!itemIds.length) return new Map();
    const rows = await this.db.query<
      { item_id: string; item_revision: number; decision_revision: number; ticket: RoutedTicketV1 }[]
    >(
      `SELECT DISTINCT ON (item_id) item_id, item_revision, decision_revision, ticket FROM routing_decisions
       WHERE item_id = ANY($1::text[]) ORDER BY item_id, decision_revision DESC`,
      [itemIds],
    );
    return new Map(
      rows.map((r) => [
        r.item_id,
        { itemRevision: r.item_revision, decisionRevision: r.decision_revision, ticket: r.ticket },
      ]),
    );
  }

  /** Item revisions that already have a decision made from the items topic (a second copy of the message is a duplicate). */
  async decidedItemRevisions(pairs: { id: string; revision: number }[]): Promise<Set<string>> {
    if (!pairs.length) return new Set();
    const rows = await this.db.query<{ item_id: string; item_revision: number }[]>(
      `SELECT DISTINCT item_id, item_revision FROM routing_decisions
       WHERE source_topic = 'appeal.items.v1' AND (item_id, item_revision) IN (SELECT * FROM unnest($1::text[], $2::int[]))`,
      [pairs.map((p) => p.id), pairs.map((p) => p.revision)],
    );
    return new Set(rows.map((r) => `${r.item_id}#${r.item_revision}`));
  }

  async returnsSoFar(itemIds: string[]): Promise<Map<string, string[]>> {
    if (!itemIds.length) return new Map();
    const rows = await this.db.query<{ item_id: string; departments: string[] }[]>(
      `SELECT item_id, array_agg(department ORDER BY at) AS departments FROM feedback_events
       WHERE kind = 'returned' AND item_id = ANY($1::text[]) GROUP BY item_id`,
      [itemIds],
    );
    return new Map(rows.map((r) => [r.item_id, r.departments]));
  }

  async knownFeedbackEvents(eventIds: string[]): Promise<Set<string>> {
    if (!eventIds.length) return new Set();
    const rows = await this.db.query<{ event_id: string }[]>(
      `SELECT event_id FROM feedback_events WHERE event_id = ANY($1::text[])`,
      [eventIds],
    );
    return new Set(rows.map((r) => r.event_id));
  }

  /**
   * Writes a batch's outcome atomically; returns the origins whose decision this call inserted. A chunk of items
   * (the router's common case) is one statement; feedback and dead letters join it in a transaction.
   */
  async write(batch: BatchWrite): Promise<Set<string>> {
    const { decisions, fingerprints } = batch;
    const both = (q: EntityManager) =>
      decisions.length || fingerprints.length
        ? insertDecisionsAndHeads(q, fingerprints, decisions)
        : Promise.resolve(new Set<string>());
    if (!batch.feedback.length && !batch.deadLetters.length && !batch.ratings?.length)
      return both(this.db.manager);
    return this.db.transaction(async (tx) => {
      await this.insertFeedback(tx, batch.feedback);
      await this.insertDeadLetters(tx, batch.deadLetters);
      const inserted = await both(tx);
      await markFeedbackOnHeads(tx, batch.feedback);
      await insertRatings(tx, batch.ratings ?? []);
      return inserted;
    });
  }

  private async insertFeedback(tx: EntityManager, events: BatchWrite['feedback']): Promise<void> {
    for (const f of events) {
      await tx.query(
        `INSERT INTO feedback_events (event_id, item_id, decision_revision, kind, department, reason, actor, at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (event_id) DO NOTHING`,
        [f.eventId, f.itemId, f.decisionRevision, f.kind, f.department, f.reason ?? null, f.actor, f.at],
      );
    }
  }

  private async insertDeadLetters(tx: EntityManager, letters: DeadLetterV1[]): Promise<void> {
    for (const l of letters) {
      await tx.query(
        `INSERT INTO dead_letters (stage, reason_code, reason, topic, partition, "offset", message_key, payload)
         VALUES ('router', $1, $2, $3, $4, $5, $6, $7) ON CONFLICT (topic, partition, "offset") DO NOTHING`,
        [
          l.reasonCode,
          l.reason,
          l.origin.topic ?? null,
          l.origin.partition ?? null,
          l.origin.offset ?? null,
          l.origin.key ?? null,
          l.payload,
        ],
      );
    }
  }
}
