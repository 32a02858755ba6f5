import { Inject, Injectable } from '@nestjs/common';
import { type DataSource } from 'typeorm';
import { type HotspotEventV1, TOPICS } from '@minsheng/shared/contracts';
import { DATA_SOURCE } from '@minsheng/shared/runtime';
import { type HotspotObservation } from './hotspot-series';

export interface HotspotRow {
  id: string;
  day: string;
  countyCode: string;
  event: HotspotEventV1;
}

export interface HotspotFilter {
  /** The caller's counties (undefined = all), narrowed by a county asked for. */
  counties?: string[];
  /** A department-scoped caller sees only its departments' hotspots. */
  departments?: string[];
  topicKind?: string;
  from?: string;
  to?: string;
  /** The (day, id) of the last row of the previous page: rows strictly after it, newest day first. */
  after?: { day: string; id: string };
  limit: number;
}

const LOCK = `hashtext('minsheng.hotspots')`;

/** hotspots (one writer: the router's detection job) and what the job reads of ticket_heads and routing_decisions. */
@Injectable()
export class HotspotsRepository {
  constructor(@Inject(DATA_SOURCE) private readonly db: DataSource) {}

  /**
   * Each appeal submitted in [from, to) as the detector counts it, on its current decision: the lead department, or
   * for a ticket left to triage the learned model's first suggestion; the rule tags; the title.
   */
  async observations(from: Date, to: Date): Promise<HotspotObservation[]> {
    const rows = await this.db.query<
      {
        item_id: string;
        day: string;
        county_code: string | null;
        town_code: string | null;
        department: string | null;
        tags: string[] | null;
        title: string | null;
      }[]
    >(
      `SELECT h.item_id, to_char(h.submitted_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS day, h.county_code,
              h.town_code,
              COALESCE(h.lead_department, d.ticket->'decision'->'suggestions'->0->>'department') AS department,
              ARRAY(SELECT jsonb_array_elements_text(COALESCE(d.ticket->'decision'->'tags', '[]'::jsonb))) AS tags,
              d.ticket->'item'->>'title' AS title
       FROM ticket_heads h JOIN routing_decisions d ON d.item_id = h.item_id
         AND d.item_revision = h.item_revision AND d.decision_revision = h.decision_revision
       WHERE h.submitted_at >= $1 AND h.submitted_at < $2`,
      [from, to],
    );
    return rows.map((r) => ({
      itemId: r.item_id,
      day: r.day,
      countyCode: r.county_code,
      townCode: r.town_code,
      department: r.department,
      tags: r.tags ?? [],
      title: r.title ?? '',
    }));
  }

  /** When the first appeal the hub knows of was submitted: a baseline never reaches before it. */
  async firstSubmitted(): Promise<Date | null> {
    const [row] = await this.db.query<{ first: Date | null }[]>(
      `SELECT min(submitted_at) AS first FROM ticket_heads`,
    );
    return row?.first ? new Date(row.first) : null;
  }

  async placeNames(codes: string[]): Promise<Map<string, string>> {
    if (!codes.length) return new Map();
    const rows = await this.db.query<{ code: string; name: string }[]>(
      `SELECT code, name FROM divisions WHERE code = ANY($1::text[])`,
      [codes],
    );
    return new Map(rows.map((r) => [r.code, r.name]));
  }

  /**
   * Runs `work` if no other replica is detecting (a session advisory lock), else returns undefined: one detection
   * at a time, the others skip their pass rather than queue behind it.
   */
  async exclusively<T>(work: () => Promise<T>): Promise<T | undefined> {
    const runner = this.db.createQueryRunner();
    await runner.connect();
    try {
      const rows = (await runner.query(`SELECT pg_try_advisory_lock(${LOCK}) AS locked`)) as {
        locked: boolean;
      }[];
      if (rows[0]?.locked !== true) return undefined;
      try {
        return await work();
      } finally {
        await runner.query(`SELECT pg_advisory_unlock(${LOCK})`);
      }
    } finally {
      await runner.release();
    }
  }

  /**
   * Records hotspots and their outbox rows in one transaction; one already recorded (same day, topic and place) is
   * skipped with its outbox row, so each reaches Kafka once. Returns those recorded here.
   */
  async record(events: HotspotEventV1[]): Promise<HotspotEventV1[]> {
    if (!events.length) return [];
    return this.db.transaction(async (tx) => {
      const rows = await tx.query<{ id: string }[]>(
        `INSERT INTO hotspots (id, day, topic_kind, topic_value, place_level, place_code, county_code, observed,
           expected, ratio, p_value, event, detected_at)
         SELECT * FROM unnest($1::text[], $2::date[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
           $8::int[], $9::float8[], $10::float8[], $11::float8[], $12::jsonb[], $13::timestamptz[])
         ON CONFLICT (day, topic_kind, topic_value, place_level, place_code) DO NOTHING
         RETURNING id`,
        [
          events.map((e) => e.eventId),
          events.map((e) => e.day),
          events.map((e) => e.topic.kind),
          events.map((e) => e.topic.value),
          events.map((e) => e.place.level),
          events.map((e) => e.place.code),
          events.map((e) => e.place.countyCode),
          events.map((e) => e.rise.observed),
          events.map((e) => e.rise.expected),
          events.map((e) => e.rise.ratio),
          events.map((e) => e.rise.pValue),
          events.map((e) => JSON.stringify(e)),
          events.map((e) => e.detectedAt),
        ],
      );
      const inserted = new Set(rows.map((r) => r.id));
      const recorded = events.filter((e) => inserted.has(e.eventId));
      if (recorded.length)
        await tx.query(
          `INSERT INTO outbox (topic, message_key, payload, headers)
           SELECT $1, * FROM unnest($2::text[], $3::text[], $4::jsonb[])`,
          [
            TOPICS.hotspots,
            recorded.map((e) => e.eventId),
            recorded.map((e) => JSON.stringify(e)),
            recorded.map((e) => JSON.stringify({ kind: e.kind, eventId: e.eventId })),
          ],
        );
      return recorded;
    });
  }

  /** Hotspots newest day first (then id), a keyset page after `after`, inside the caller's scope. */
  async list(f: HotspotFilter): Promise<HotspotRow[]> {
    const rows = await this.db.query<
      { id: string; day: string; county_code: string; event: HotspotEventV1 }[]
    >(
      `SELECT id, to_char(day, 'YYYY-MM-DD') AS day, county_code, event FROM hotspots
       WHERE ($1::text[] IS NULL OR county_code = ANY($1::text[]))
         AND ($2::text[] IS NULL OR (topic_kind = 'department' AND topic_value = ANY($2::text[])))
         AND ($3::text IS NULL OR topic_kind = $3)
         AND ($4::date IS NULL OR day >= $4::date) AND ($5::date IS NULL OR day <= $5::date)
         AND ($6::date IS NULL OR (day, id) < ($6::date, $7::text))
       ORDER BY day DESC, id DESC LIMIT $8`,
      [
        f.counties ?? null,
        f.departments ?? null,
        f.topicKind ?? null,
        f.from ?? null,
        f.to ?? null,
        f.after?.day ?? null,
        f.after?.id ?? null,
        f.limit,
      ],
    );
    return rows.map((r) => ({ id: r.id, day: r.day, countyCode: r.county_code, event: r.event }));
  }
}
