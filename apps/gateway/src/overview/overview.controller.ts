import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Roles } from '../auth/roles.decorator';
import { ApiView } from '../common/api-views';
import { ZodQuery } from '../common/zod-params';
import { OverviewRepository } from './overview.repository';
import { type Overview, overviewView } from './overview.views';

export const overviewQuerySchema = z.strictObject({
  days: z.coerce.number().int().min(1).max(90).default(30).describe('days the series cover, today included'),
});

/**
 * 总览: the city-wide figures of the console's overview. Admins and auditors (督查) see every county; consumer keys
 * have the tickets API, scoped to theirs.
 */
@ApiTags('overview')
@Roles('admin', 'auditor')
@Controller('api/v1/overview')
export class OverviewController {
  constructor(private readonly repo: OverviewRepository) {}

  @Get()
  @ApiOperation({
    summary:
      'Today and the last N days: items received by channel, routed vs triage, triage reasons, tickets by county and department, overdue, degraded connectors',
  })
  @ApiView(overviewView)
  read(@ZodQuery(overviewQuerySchema) q: z.infer<typeof overviewQuerySchema>): Promise<Overview> {
    return this.repo.read(q.days);
  }
}
