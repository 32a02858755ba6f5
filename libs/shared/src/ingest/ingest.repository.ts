import { Inject, Injectable } from '@nestjs/common';
import { type DataSource, type EntityManager } from 'typeorm';
import { AttachmentsRepository } from '../attachments/attachments.repository';
import { ConnectorInstancesRepository } from '../connectors-store/connector-instances.repository';
import { DATA_SOURCE } from '../runtime/tokens';
import { appealItemV1Schema, type AppealItemV1, type DeadLetterV1, validate } from '../contracts';
import { appealId, newTraceId, sha256Hex } from '../ids';
import { maskText } from '../pii/mask-text';
import { SecretBox } from '../secrets/secret-box';
import { type ItemDraft, type PulledPage, type PulledRecord } from './ingest-types';
import { maskDraft } from './mask-draft';
import { jsonRows } from './json-rows';
import { withoutNul } from './without-nul';

export interface IngestInstance {
  id: string;
  channel: string;
  system: string;
  parserVersion: string;
}

export interface PageOutcome {
  fetched: number;
  emitted: number;
  unchanged: number;
  quarantined: number;
}

/** What became of one record: a new item (revision 1), a new revision, the same content again, or quarantined. */
export interface RecordOutcome {
  externalId: string;
  id: string;
  status: 'created' | 'updated' | 'unchanged' | 'quarantined';
  /** The item's current revision; null when the record was quarantined before it ever became an item. */
  revision: number | null;
  /** Why it was quarantined. */
  reasonCode?: DeadLetterV1['reasonCode'];
}

interface Head {
  id: string;
  revision: number;
  content_sha256: string;
  /** The connector that made revision 1: the only one that may add revisions. */
  owner: string | null;
}

/** The content that makes a revision: fields the citizen or the channel changed, not when or how we fetched it. */
function contentHash(draft: ItemDraft): string {
  return sha256Hex(JSON.stringify(draft));
}

interface Provenance {
  id: string;
  revision: number;
  sha: string;
  fetchedAt: Date;
}

function buildItem(
  instance: IngestInstance,
  externalId: string,
  draft: ItemDraft,
  { id, revision, sha, fetchedAt }: Provenance,
): AppealItemV1 {
  const { externalUrl, boardId, ...rest } = draft;
  return {
    schemaVersion: 1,
    id,
    revision,
    traceId: newTraceId(),
    channel: instance.channel,
    source: {
      system: instance.system,
      externalId,
      externalUrl,
      boardId,
      fetchedAt: fetchedAt.toISOString(),
      rawRef: `raw:${sha}`,
      rawSha256: sha,
      parserVersion: instance.parserVersion,
      connectorId: instance.id,
    },
    receivedAt: fetchedAt.toISOString(),
    ...rest,
  };
}

/**
 * Checks a draft against the item contract before anything is written, for callers that would rather refuse a record
 * than quarantine it (a pushed delivery gets a 400 instead of a dead letter). Returns "path: message" lines.
 */
export function checkDraft(instance: IngestInstance, externalId: string, draft: ItemDraft): string[] {
  const candidate = buildItem(instance, externalId, maskDraft(draft), {
    id: appealId(instance.channel, externalId),
    revision: 1,
    sha: sha256Hex(''),
    fetchedAt: new Date(),
  });
  const checked = validate(appealItemV1Schema, candidate);
  return checked.ok ? [] : checked.errors;
}

/**
 * Writes one pulled page in ONE PostgreSQL transaction: raw captures, new item revisions, the cursor, the outbox
 * rows and the attachment rows to capture. Either all of it is there or none of it, so a crash at any point neither
 * loses nor doubles an item. It is also the PII door (decision 023): drafts are masked (maskDraft) before they are
 * hashed, stored or put on the outbox, dead letters carry the masked record, and the raw capture — the one clear
 * copy — is sealed.
 */
@Injectable()
export class IngestRepository {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    @Inject(ConnectorInstancesRepository) private readonly connectors: ConnectorInstancesRepository,
    @Inject(SecretBox) private readonly box: SecretBox,
  ) {}

  async writePage(instance: IngestInstance, page: PulledPage, fetchedAt: Date): Promise<PageOutcome> {
    return this.db.transaction(async (tx) => {
      const { outcome } = await this.writeRecordsIn(tx, instance, page.records, fetchedAt);
      await this.connectors.saveCursor(tx, instance.id, withoutNul(page.cursor));
      return outcome;
    });
  }

  /**
   * The same transaction for records that are pushed rather than pulled: no cursor, and a per-item advisory lock, so
   * two concurrent deliveries of the same record (a channel retrying) serialize instead of racing for revision 1.
   */
  async writeRecords(
    instance: IngestInstance,
    records: PulledRecord[],
    fetchedAt: Date,
    /** Runs once the locks are held, before anything is written; what it throws rolls the whole write back. */
    guard?: (tx: EntityManager) => Promise<void>,
  ): Promise<RecordOutcome[]> {
    return this.db.transaction(async (tx) => {
      const ids = [...new Set(records.map((r) => appealId(instance.channel, r.externalId)))].sort();
      for (const id of ids) {
        await tx.query(`SELECT pg_advisory_xact_lock(hashtext('appeal_item'), hashtext($1))`, [id]);
      }
      await guard?.(tx);
      return (await this.writeRecordsIn(tx, instance, records, fetchedAt)).records;
    });
  }

  /** The latest revision of each item, newest first; a stored payload that no longer parses is left out. */
  async latest(limit: number, from?: string, to?: string): Promise<AppealItemV1[]> {
    const rows = await this.db.query<{ payload: unknown }[]>(
      `SELECT i.payload FROM appeal_items i
       WHERE NOT EXISTS (SELECT 1 FROM appeal_items n WHERE n.id = i.id AND n.revision > i.revision)
         AND ($1::timestamptz IS NULL OR i.received_at >= $1) AND ($2::timestamptz IS NULL OR i.received_at < $2)
       ORDER BY i.received_at DESC, i.id DESC LIMIT $3`,
      [from ?? null, to ?? null, limit],
    );
    return rows.flatMap((r) => {
      const v = validate(appealItemV1Schema, r.payload);
      return v.ok ? [v.value] : [];
    });
  }

  /** When revision 1 of an item says it was submitted; a push retry without submittedAt keeps it. */
  async firstSubmittedAt(id: string): Promise<string | undefined> {
    const rows = await this.db.query<{ submitted_at: string | null }[]>(
      `SELECT payload->>'submittedAt' AS submitted_at FROM appeal_items WHERE id = $1 AND revision = 1`,
      [id],
    );
    return rows[0]?.submitted_at ?? undefined;
  }

  private async writeRecordsIn(
    tx: EntityManager,
    instance: IngestInstance,
    pulled: PulledRecord[],
    fetchedAt: Date,
  ): Promise<{ outcome: PageOutcome; records: RecordOutcome[] }> {
    // No U+0000 reaches a text or jsonb column (it would fail the page); `raw` stays exact: it is only stored sealed.
    const records = pulled.map((r) => ({
      ...r,
      externalId: withoutNul(r.externalId),
      draft: withoutNul(r.draft),
      parseError: withoutNul(r.parseError),
    }));
    const outcome: PageOutcome = { fetched: records.length, emitted: 0, unchanged: 0, quarantined: 0 };
    const results: RecordOutcome[] = [];
    const shas = records.map((r) => sha256Hex(r.raw));
    await this.insertRawCaptures(tx, instance, records, shas, fetchedAt);
    const ids = records.map((r) => appealId(instance.channel, r.externalId));
    const heads = await this.lockHeads(tx, ids);
    const items: AppealItemV1[] = [];
    const hashes: string[] = [];
    const deadLetters: DeadLetterV1[] = [];
    records.forEach((r, i) => {
      const id = ids[i];
      const sha = shas[i];
      const result = (
        status: RecordOutcome['status'],
        revision: number | null,
        reasonCode?: DeadLetterV1['reasonCode'],
      ) => results.push({ externalId: r.externalId, id, status, revision, reasonCode });
      const owner = heads.get(id)?.owner;
      if (owner && owner !== instance.id) {
        // Another source made this item (a channel name that two sources fed): refused, never overwritten.
        const why = `item ${id} was made by connector ${owner}; a revision from ${instance.id} is refused`;
        deadLetters.push(this.deadLetter(instance, sha, r.raw, why, 'not_owner', fetchedAt));
        result('quarantined', heads.get(id)?.revision ?? null, 'not_owner');
        return;
      }
      const draft = r.draft && maskDraft(r.draft);
      if (!draft) {
        deadLetters.push(
          this.deadLetter(instance, sha, r.raw, r.parseError ?? 'unparsed', 'parse_failed', fetchedAt),
        );
        result('quarantined', heads.get(id)?.revision ?? null, 'parse_failed');
        return;
      }
      const hash = contentHash(draft);
      const head = heads.get(id);
      if (head && head.content_sha256 === hash) {
        outcome.unchanged += 1;
        result('unchanged', head.revision);
        return;
      }
      const candidate = buildItem(instance, r.externalId, draft, {
        id,
        revision: (head?.revision ?? 0) + 1,
        sha,
        fetchedAt,
      });
      const checked = validate(appealItemV1Schema, candidate);
      if (!checked.ok) {
        deadLetters.push(
          this.deadLetter(instance, sha, r.raw, checked.errors.join('; '), 'schema_invalid', fetchedAt),
        );
        result('quarantined', head?.revision ?? null, 'schema_invalid');
        return;
      }
      heads.set(id, {
        id,
        revision: candidate.revision,
        content_sha256: hash,
        owner: head?.owner ?? instance.id,
      });
      items.push(checked.value);
      hashes.push(hash);
      result(head ? 'updated' : 'created', candidate.revision);
    });
    await this.insertItems(tx, instance, items, hashes);
    // Their attachments are fetched later, by the connectors (decision 021): the item never waits for them.
    await AttachmentsRepository.enqueueIn(tx, items);
    await this.insertDeadLetters(tx, deadLetters);
    outcome.emitted = items.length;
    outcome.quarantined = deadLetters.length;
    return { outcome, records: results };
  }

  private async lockHeads(tx: EntityManager, ids: string[]): Promise<Map<string, Head>> {
    if (!ids.length) return new Map();
    const rows: Head[] = await tx.query(
      `SELECT h.id, h.revision, h.content_sha256, f.connector_id AS owner FROM appeal_item_heads h
       LEFT JOIN appeal_items f ON f.id = h.id AND f.revision = 1
       WHERE h.id = ANY($1::text[]) ORDER BY h.id FOR UPDATE OF h`,
      [ids],
    );
    return new Map(rows.map((h) => [h.id, h]));
  }

  /*
   * Each batch travels as ONE json parameter (see jsonRows) expanded by json_to_recordset: pg would otherwise render
   * every column as an array literal, escaping each raw body and payload element by element — most of a page's CPU.
   */
  private async insertRawCaptures(
    tx: EntityManager,
    instance: IngestInstance,
    records: PulledRecord[],
    shas: string[],
    fetchedAt: Date,
  ): Promise<void> {
    if (!records.length) return;
    const rows = records.map((r, i) => ({
      sha: shas[i],
      ext: r.externalId,
      type: r.contentType,
      body: this.box.seal(r.raw),
    }));
    await tx.query(
      `INSERT INTO raw_captures (sha256, connector_id, external_id, content_type, body, fetched_at)
       SELECT sha, $2, ext, type, body, $3 FROM json_to_recordset($1::json) AS t(sha text, ext text, type text, body text)
       ON CONFLICT (sha256) DO NOTHING`,
      [jsonRows(rows), instance.id, fetchedAt.toISOString()],
    );
  }

  /*
   * Items, heads and outbox rows in one statement from one json parameter. `payload` is a json (not jsonb) column
   * of the record set, so the outbox gets the item's JSON.stringify text byte for byte, as Kafka did before.
   */
  private async insertItems(
    tx: EntityManager,
    instance: IngestInstance,
    items: AppealItemV1[],
    hashes: string[],
  ): Promise<void> {
    if (!items.length) return;
    const rows = items.map((item, n) => ({
      id: item.id,
      rev: item.revision,
      ext: item.source.externalId,
      sha: hashes[n],
      received: item.receivedAt,
      trace: item.traceId,
      payload: item,
    }));
    // One page may carry two versions of one record (an export that shifted while paging): both become
    // revisions, and the head is the last — one row per id, or PostgreSQL refuses the upsert.
    await tx.query(
      `WITH t AS MATERIALIZED (
         SELECT * FROM ROWS FROM (json_to_recordset($1::json)
           AS (id text, rev int, ext text, sha text, received timestamptz, trace text, payload json))
           WITH ORDINALITY AS t(id, rev, ext, sha, received, trace, payload, n)
       ), items AS (
         INSERT INTO appeal_items (id, revision, channel, external_id, connector_id, content_sha256, payload, received_at)
         SELECT id, rev, $2, ext, $3, sha, payload::jsonb, received FROM t
       ), heads AS (
         INSERT INTO appeal_item_heads (id, revision, content_sha256, updated_at)
         SELECT DISTINCT ON (id) id, rev, sha, now() FROM t ORDER BY id, n DESC
         ON CONFLICT (id) DO UPDATE SET revision = EXCLUDED.revision, content_sha256 = EXCLUDED.content_sha256, updated_at = now()
       )
       INSERT INTO outbox (topic, message_key, payload, headers)
       SELECT 'appeal.items.v1', id, payload::text, jsonb_build_object('traceId', trace) FROM t ORDER BY n`,
      [jsonRows(rows), instance.channel, instance.id],
    );
  }

  private deadLetter(
    instance: IngestInstance,
    sha: string,
    raw: string,
    reason: string,
    reasonCode: DeadLetterV1['reasonCode'],
    at: Date,
  ): DeadLetterV1 {
    return {
      schemaVersion: 1,
      stage: 'connector',
      reasonCode,
      reason: withoutNul(maskText(reason)),
      origin: { connectorId: instance.id, rawRef: `raw:${sha}` },
      // The clear record stays only in the sealed raw capture (rawRef); what operators read and replay is masked.
      payload: withoutNul(maskText(raw.slice(0, 65536))),
      failedAt: at.toISOString(),
    };
  }

  /** Quarantined records are kept in the dead-letter table and announced on the DLQ topic via the same outbox. */
  private async insertDeadLetters(tx: EntityManager, letters: DeadLetterV1[]): Promise<void> {
    for (const l of letters) {
      await tx.query(
        `INSERT INTO dead_letters (stage, reason_code, reason, topic, message_key, payload) VALUES ('connector', $1, $2, NULL, $3, $4)`,
        [l.reasonCode, l.reason, l.origin.rawRef, l.payload],
      );
      await tx.query(`INSERT INTO outbox (topic, message_key, payload) VALUES ('appeal.dlq.v1', $1, $2)`, [
        l.origin.rawRef ?? instanceKey(l),
        JSON.stringify(l),
      ]);
    }
  }
}

function instanceKey(l: DeadLetterV1): string {
  return l.origin.connectorId ?? 'unknown';
}
