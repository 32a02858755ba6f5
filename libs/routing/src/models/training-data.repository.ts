import { Inject, Injectable } from '@nestjs/common';
import { type DataSource } from 'typeorm';
import { type LabelledText, appealText } from '@minsheng/learning';
import { DATA_SOURCE } from '@minsheng/shared/runtime';

interface ExampleRow {
  title: string | null;
  content: string;
  department: string;
  returned: boolean;
  at: Date;
}

/**
 * The platform's decided appeals as training examples (docs/decisions/018-learned-routing.md):
 * - a dispatcher's decision (人工派单: jurisdiction by `manual`) is a label as made;
 * - an automatic decision counts once its lead department accepted or closed it and never returned it;
 * - every return (退单) is a negative example for the department that returned it, on the text it returned.
 * Newest first up to `limit`, decided within the window.
 */
@Injectable()
export class TrainingDataRepository {
  constructor(@Inject(DATA_SOURCE) private readonly db: DataSource) {}

  async examples(since: Date, limit: number): Promise<LabelledText[]> {
    const rows = await this.db.query<ExampleRow[]>(
      `WITH latest AS (
         SELECT DISTINCT ON (item_id) item_id, decision_revision, department_code, mode, ticket, created_at
         FROM routing_decisions WHERE created_at >= $1 ORDER BY item_id, decision_revision DESC
       ), positives AS (
         SELECT l.ticket->'item'->>'title' AS title, l.ticket->'item'->>'content' AS content,
                l.department_code AS department, false AS returned, l.created_at AS at
         FROM latest l
         WHERE l.department_code IS NOT NULL AND l.mode = 'auto'
           AND (l.ticket->'decision'->'jurisdiction'->>'method' = 'manual'
                OR EXISTS (SELECT 1 FROM feedback_events f WHERE f.item_id = l.item_id
                             AND f.decision_revision = l.decision_revision AND f.department = l.department_code
                             AND f.kind IN ('accepted', 'closed')))
           AND NOT EXISTS (SELECT 1 FROM feedback_events f WHERE f.item_id = l.item_id
                             AND f.department = l.department_code AND f.kind = 'returned')
       ), negatives AS (
         SELECT d.ticket->'item'->>'title' AS title, d.ticket->'item'->>'content' AS content,
                f.department, true AS returned, f.at
         FROM feedback_events f
         JOIN routing_decisions d ON d.item_id = f.item_id AND d.decision_revision = f.decision_revision
         WHERE f.kind = 'returned' AND f.at >= $1
       )
       SELECT * FROM (SELECT * FROM positives UNION ALL SELECT * FROM negatives) e ORDER BY at DESC LIMIT $2`,
      [since, limit],
    );
    return rows.map((r) => ({
      text: appealText(r.title ?? undefined, r.content),
      department: r.department,
      ...(r.returned ? { returned: true } : {}),
      at: new Date(r.at).toISOString(),
    }));
  }
}
