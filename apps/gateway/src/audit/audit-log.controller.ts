import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { DATA_SOURCE } from '@minsheng/shared/runtime';
import { Roles } from '../auth/roles.decorator';
import { parseBody } from '../common/parse-body';

const querySchema = z.object({
  entity: z.string().optional(),
  entityId: z.string().optional(),
  actor: z.string().optional(),
  since: z.iso.datetime({ offset: true }).optional(),
  until: z.iso.datetime({ offset: true }).optional(),
  cursor: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export interface AuditRow {
  id: string;
  actor: string;
  action: string;
  entity: string;
  entityId: string;
  before: unknown;
  after: unknown;
  at: string;
}

@ApiTags('audit')
@Controller('api/v1/audit')
@Roles('auditor', 'admin')
export class AuditLogController {
  constructor(@Inject(DATA_SOURCE) private readonly db: DataSource) {}

  @Get()
  @ApiOperation({ summary: 'The audit log, newest first; `nextCursor` pages on' })
  @ApiQuery({ name: 'entity', required: false })
  @ApiQuery({ name: 'entityId', required: false })
  @ApiQuery({ name: 'actor', required: false })
  @ApiQuery({ name: 'since', required: false })
  @ApiQuery({ name: 'until', required: false })
  @ApiQuery({ name: 'cursor', required: false })
  @ApiQuery({ name: 'limit', required: false })
  async list(@Query() query: unknown): Promise<{ entries: AuditRow[]; nextCursor: string | null }> {
    const q = parseBody(querySchema, query);
    const rows = await this.db.query<(Omit<AuditRow, 'entityId' | 'at'> & { entity_id: string; at: Date })[]>(
      `SELECT id, actor, action, entity, entity_id, before, after, at FROM audit_log
       WHERE ($1::text IS NULL OR entity = $1) AND ($2::text IS NULL OR entity_id = $2)
         AND ($3::text IS NULL OR actor = $3) AND ($4::timestamptz IS NULL OR at >= $4)
         AND ($5::timestamptz IS NULL OR at < $5) AND ($6::bigint IS NULL OR id < $6)
       ORDER BY id DESC LIMIT $7`,
      [
        q.entity ?? null,
        q.entityId ?? null,
        q.actor ?? null,
        q.since ?? null,
        q.until ?? null,
        q.cursor ?? null,
        q.limit,
      ],
    );
    const entries = rows.map((r) => ({
      id: String(r.id),
      actor: r.actor,
      action: r.action,
      entity: r.entity,
      entityId: r.entity_id,
      before: r.before,
      after: r.after,
      at: new Date(r.at).toISOString(),
    }));
    return { entries, nextCursor: entries.length === q.limit ? entries[entries.length - 1].id : null };
  }
}
