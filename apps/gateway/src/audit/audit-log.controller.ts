import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { AuditRepository } from '@minsheng/shared/audit';
import { Roles } from '../auth/roles.decorator';
import { ZodQuery } from '../common/zod-params';
import { ApiView } from '../common/api-views';
import { auditPageView } from '../common/common.views';

const querySchema = z.object({
  entity: z.string().optional(),
  entityId: z.string().optional(),
  actor: z.string().optional(),
  since: z.iso.datetime({ offset: true }).optional(),
  until: z.iso.datetime({ offset: true }).optional(),
  cursor: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

@ApiTags('audit')
@Controller('api/v1/audit')
@Roles('auditor', 'admin')
export class AuditLogController {
  constructor(private readonly auditLog: AuditRepository) {}

  @Get()
  @ApiOperation({ summary: 'The audit log, newest first; `nextCursor` pages on' })
  @ApiView(auditPageView)
  async list(@ZodQuery(querySchema) q: z.infer<typeof querySchema>): Promise<z.infer<typeof auditPageView>> {
    const entries = await this.auditLog.find({
      entities: q.entity === undefined ? undefined : [q.entity],
      entityId: q.entityId,
      actor: q.actor,
      since: q.since,
      until: q.until,
      beforeId: q.cursor,
      limit: q.limit,
    });
    return { entries, nextCursor: entries.length === q.limit ? entries[entries.length - 1].id : null };
  }
}
