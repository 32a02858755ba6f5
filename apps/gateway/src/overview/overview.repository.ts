import { Inject, Injectable } from '@nestjs/common';
import { type DataSource } from 'typeorm';
import { DATA_SOURCE } from '@minsheng/shared/runtime';
import { type Overview } from './overview.views';

/*
 * Days are Shanghai calendar days, as the staff count them, whatever the database's time zone. Filters compare
 * received_at with the instant a Shanghai day starts, so the received_at indexes serve them.
 */
const dayOf = (column: string) => `to_char(${column} AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')`;
const TODAY = `(now() AT TIME ZONE 'Asia/Shanghai')::date`;
const TODAY_STARTS = `(${TODAY}::timestamp AT TIME ZONE 'Asia/Shanghai')`;
/** The start of the first day of the period; $1 is its length in days. */
const PERIOD_STARTS = `((${TODAY} - ($1::int - 1))::timestamp AT TIME ZONE 'Asia/Shanghai')`;

const n = (v: string | number | null | undefined) => Number(v ?? 0);

/**
 * The overview's figures, counted in PostgreSQL from the tables the hub keeps (appeal_items, ticket_heads,
 * connector_instances): the page shows numbers, it does not compute them.
 */
@Injectable()
export class OverviewRepository {
  constructor(@Inject(DATA_SOURCE) private readonly db: DataSource) {}

  async read(days: number): Promise<Overview> {
    const [head] = await this.db.query<
      {
        at: Date;
        today: string;
        received: string;
        auto: string;
        triaged: string;
        queue: string;
        overdue: string;
      }[]
    >(
      `SELECT now() AS at, to_char(${TODAY}, 'YYYY-MM-DD') AS today,
        (SELECT count(*) FROM appeal_items WHERE revision = 1 AND received_at >= ${TODAY_STARTS}) AS received,
        (SELECT count(*) FROM ticket_heads WHERE received_at >= ${TODAY_STARTS} AND mode = 'auto') AS auto,
        (SELECT count(*) FROM ticket_heads WHERE received_at >= ${TODAY_STARTS} AND mode <> 'auto') AS triaged,
        (SELECT count(*) FROM ticket_heads WHERE status = 'triage') AS queue,
        (SELECT count(*) FROM ticket_heads WHERE status IN ('routed', 'accepted') AND due_at < now()) AS overdue`,
    );
    const [connectors] = await this.db.query<{ total: string; degraded: string; paused: string }[]>(
      `SELECT count(*) AS total, count(*) FILTER (WHERE state IN ('degraded', 'failed')) AS degraded,
              count(*) FILTER (WHERE state IN ('paused', 'stopped')) AS paused
         FROM connector_instances`,
    );
    const items = await this.db.query<{ day: string; channel: string; items: string }[]>(
      `SELECT ${dayOf('received_at')} AS day, channel, count(*) AS items FROM appeal_items
        WHERE revision = 1 AND received_at >= ${PERIOD_STARTS} GROUP BY 1, 2 ORDER BY 1, 2`,
      [days],
    );
    const decisions = await this.db.query<{ day: string; auto: string; triage: string }[]>(
      `SELECT ${dayOf('received_at')} AS day, count(*) FILTER (WHERE mode = 'auto') AS auto,
              count(*) FILTER (WHERE mode <> 'auto') AS triage
         FROM ticket_heads WHERE received_at >= ${PERIOD_STARTS} GROUP BY 1 ORDER BY 1`,
      [days],
    );
    const reasons = await this.db.query<{ reason: string; tickets: string }[]>(
      `SELECT COALESCE(reason, 'manual') AS reason, count(*) AS tickets FROM ticket_heads WHERE status = 'triage'
        GROUP BY 1 ORDER BY 2 DESC, 1`,
    );
    const counties = await this.db.query<{ code: string; name: string; tickets: string }[]>(
      `SELECT h.county_code AS code, COALESCE(d.name, h.county_code) AS name, count(*) AS tickets
         FROM ticket_heads h LEFT JOIN divisions d ON d.code = h.county_code
        WHERE h.county_code IS NOT NULL AND h.received_at >= ${PERIOD_STARTS}
        GROUP BY 1, 2 ORDER BY 3 DESC, 1`,
      [days],
    );
    const departments = await this.db.query<{ code: string; name: string; tickets: string }[]>(
      `SELECT h.lead_department AS code, COALESCE(d.name, h.lead_department) AS name, count(*) AS tickets
         FROM ticket_heads h LEFT JOIN departments d ON d.code = h.lead_department
        WHERE h.lead_department IS NOT NULL AND h.received_at >= ${PERIOD_STARTS}
        GROUP BY 1, 2 ORDER BY 3 DESC, 1 LIMIT 10`,
      [days],
    );
    return {
      at: head.at.toISOString(),
      today: head.today,
      days,
      received: { today: n(head.received), routedAuto: n(head.auto), triaged: n(head.triaged) },
      triageQueue: n(head.queue),
      overdue: n(head.overdue),
      connectors: {
        total: n(connectors.total),
        degraded: n(connectors.degraded),
        paused: n(connectors.paused),
      },
      itemsByDay: items.map((r) => ({ day: r.day, channel: r.channel, items: n(r.items) })),
      decisionsByDay: decisions.map((r) => ({ day: r.day, auto: n(r.auto), triage: n(r.triage) })),
      triageReasons: reasons.map((r) => ({ reason: r.reason, tickets: n(r.tickets) })),
      counties: counties.map((r) => ({ code: r.code, name: r.name, tickets: n(r.tickets) })),
      departments: departments.map((r) => ({ code: r.code, name: r.name, tickets: n(r.tickets) })),
    };
  }
}
