import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { SupervisionRepository } from '@minsheng/routing/supervision';
import { SUPERVISION_KINDS } from '@minsheng/shared/contracts';
import { Caller } from '../auth/caller.decorator';
import { type Principal } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { ApiView } from '../common/api-views';
import { ZodQuery } from '../common/zod-params';
import { supervisionQueueView } from './supervision.views';

const list = (item: z.ZodType) =>
  z.preprocess((v) => (typeof v === 'string' ? v.split(',').filter(Boolean) : v), z.array(item).min(1));

export const supervisionQuerySchema = z.strictObject({
  kind: list(z.enum(SUPERVISION_KINDS)).optional().describe('due_soon, overdue, escalated (comma-separated)'),
  county: z
    .string()
    .regex(/^\d{6}$/)
    .optional(),
  department: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(500),
});

type Queue = z.infer<typeof supervisionQueueView>;

/** 督办: what is due soon, overdue or escalated, by handling unit, inside the caller's scope. */
@ApiTags('supervision')
@Roles('consumer', 'admin', 'auditor')
@Controller('api/v1/supervision')
export class SupervisionController {
  constructor(private readonly repo: SupervisionRepository) {}

  @Get()
  @ApiOperation({
    summary:
      "Open tickets due soon, overdue or escalated (督办), by unit, in the key's scope; soonest deadline first",
  })
  @ApiView(supervisionQueueView)
  async queue(
    @ZodQuery(supervisionQuerySchema) q: z.infer<typeof supervisionQuerySchema>,
    @Caller() caller: Principal,
  ): Promise<Queue> {
    const narrow = (scope: string[] | undefined, wanted: string | undefined) =>
      wanted === undefined ? scope : scope ? scope.filter((s) => s === wanted) : [wanted];
    const rows = await this.repo.queue({
      kinds: (q.kind as (typeof SUPERVISION_KINDS)[number][] | undefined) ?? [...SUPERVISION_KINDS],
      counties: narrow(caller.counties, q.county),
      departments: narrow(caller.departments, q.department),
      limit: q.limit + 1,
    });
    const units = new Map<string, Queue['units'][number]>();
    for (const r of rows.slice(0, q.limit)) {
      const key = `${r.department}\u0000${r.unitName}`;
      const unit = units.get(key) ?? {
        department: r.department,
        unitName: r.unitName,
        dueSoon: 0,
        overdue: 0,
        escalated: 0,
        tickets: [],
      };
      unit[r.kind === 'due_soon' ? 'dueSoon' : r.kind] += 1;
      unit.tickets.push({
        itemId: r.itemId,
        decisionRevision: r.decisionRevision,
        kind: r.kind,
        dueAt: r.dueAt.toISOString(),
        at: r.at.toISOString(),
        countyCode: r.countyCode,
        status: r.status,
      });
      units.set(key, unit);
    }
    return { units: [...units.values()], truncated: rows.length > q.limit };
  }
}
