import { type DataSource, type EntityManager } from 'typeorm';
import {
  appealItemV1Schema,
  type AppealItemV1,
  type DeadLetterV1,
  validate,
} from '@minsheng/shared/contracts';
import { appealId, newTraceId, sha256Hex } from '@minsheng/shared/ids';
import { type ItemDraft, type PulledPage } from './connector-type';

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

interface Head {
  id: string;
  revision: number;
  content_sha256: string;
}

/** The content that makes a revision: fields the citizen or the channel changed, not when or how we fetched it. */
function contentHash(draft: ItemDraft): string {
  return sha256Hex(JSON.stringify(draft));
}

/**
 * Writes one pulled page in ONE PostgreSQL transaction: raw captures, new item revisions, the cursor and the outbox
 * rows. Either all of it is there or none of it, so a crash at any point neither loses nor doubles an item.
 */
export class IngestRepository {
  constructor(private readonly db: DataSource) {}

  async writePage(instance: IngestInstance, page: PulledPage, fetchedAt: Date): Promise<PageOutcome> {
    return this.db.transaction(async (tx) => {
      const outcome: PageOutcome = { fetched: page.records.length, emitted: 0, unchanged: 0, quarantined: 0 };
      const raws = page.records.map((r) => ({ ...r, sha: sha256Hex(r.raw) }));
      if (raws.length) {
        await tx.query(
          `INSERT INTO raw_captures (sha256, connector_id, external_id, content_type, body, fetched_at)
           SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[])
           ON CONFLICT (sha256) DO NOTHING`,
          [
            raws.map((r) => r.sha),
            raws.map(() => instance.id),
            raws.map((r) => r.externalId),
            raws.map((r) => r.contentType),
            raws.map((r) => r.raw),
            raws.map(() => fetchedAt.toISOString()),
          ],
        );
      }
      const ids = raws.map((r) => appealId(instance.channel, r.externalId));
      const heads = await this.lockHeads(tx, ids);
      const items: AppealItemV1[] = [];
      const hashes: string[] = [];
      const deadLetters: DeadLetterV1[] = [];
      raws.forEach((r, i) => {
        const id = ids[i];
        if (!r.draft) {
          deadLetters.push(
            this.deadLetter(instance, r.sha, r.raw, r.parseError ?? 'unparsed', 'parse_failed', fetchedAt),
          );
          return;
        }
        const hash = contentHash(r.draft);
        const head = heads.get(id);
        if (head && head.content_sha256 === hash) {
          outcome.unchanged += 1;
          return;
        }
        const { externalUrl, boardId, ...rest } = r.draft;
        const candidate: AppealItemV1 = {
          schemaVersion: 1,
          id,
          revision: (head?.revision ?? 0) + 1,
          traceId: newTraceId(),
          channel: instance.channel,
          source: {
            system: instance.system,
            externalId: r.externalId,
            externalUrl,
            boardId,
            fetchedAt: fetchedAt.toISOString(),
            rawRef: `raw:${r.sha}`,
            rawSha256: r.sha,
            parserVersion: instance.parserVersion,
            connectorId: instance.id,
          },
          receivedAt: fetchedAt.toISOString(),
          ...rest,
        };
        const checked = validate(appealItemV1Schema, candidate);
        if (!checked.ok) {
          deadLetters.push(
            this.deadLetter(instance, r.sha, r.raw, checked.errors.join('; '), 'schema_invalid', fetchedAt),
          );
          return;
        }
        heads.set(id, { id, revision: candidate.revision, content_sha256: hash });
        items.push(checked.value);
        hashes.push(hash);
      });
      await this.insertItems(tx, instance, items, hashes);
      await this.insertDeadLetters(tx, deadLetters);
      await tx.query(
        `INSERT INTO connector_cursors (connector_id, cursor, updated_at) VALUES ($1, $2, now())
         ON CONFLICT (connector_id) DO UPDATE SET cursor = EXCLUDED.cursor, updated_at = now()`,
        [instance.id, JSON.stringify(page.cursor)],
      );
      outcome.emitted = items.length;
      outcome.quarantined = deadLetters.length;
      return outcome;
    });
  }

  private async lockHeads(tx: EntityManager, ids: string[]): Promise<Map<string, Head>> {
    if (!ids.length) return new Map();
    const rows: Head[] = await tx.query(
      `SELECT id, revision, content_sha256 FROM appeal_item_heads WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE`,
      [ids],
    );
    return new Map(rows.map((h) => [h.id, h]));
  }

  private async insertItems(
    tx: EntityManager,
    instance: IngestInstance,
    items: AppealItemV1[],
    hashes: string[],
  ): Promise<void> {
    if (!items.length) return;
    const payloads = items.map((i) => JSON.stringify(i));
    await tx.query(
      `INSERT INTO appeal_items (id, revision, channel, external_id, connector_id, content_sha256, payload, received_at)
       SELECT id, rev, $3, ext, $4, sha, payload::jsonb, received FROM unnest($1::text[], $2::int[], $5::text[], $6::text[], $7::text[], $8::timestamptz[])
         AS t(id, rev, ext, sha, payload, received)`,
      [
        items.map((i) => i.id),
        items.map((i) => i.revision),
        instance.channel,
        instance.id,
        items.map((i) => i.source.externalId),
        hashes,
        payloads,
        items.map((i) => i.receivedAt),
      ],
    );
    await tx.query(
      `INSERT INTO appeal_item_heads (id, revision, content_sha256, updated_at)
       SELECT * , now() FROM unnest($1::text[], $2::int[], $3::text[])
       ON CONFLICT (id) DO UPDATE SET revision = EXCLUDED.revision, content_sha256 = EXCLUDED.content_sha256, updated_at = now()`,
      [items.map((i) => i.id), items.map((i) => i.revision), hashes],
    );
    await tx.query(
      `INSERT INTO outbox (topic, message_key, payload, headers)
       SELECT 'appeal.items.v1', key, payload, jsonb_build_object('traceId', trace) FROM unnest($1::text[], $2::text[], $3::text[]) AS t(key, payload, trace)`,
      [items.map((i) => i.id), payloads, items.map((i) => i.traceId)],
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
      reason,
      origin: { connectorId: instance.id, rawRef: `raw:${sha}` },
      payload: raw.slice(0, 65536),
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
