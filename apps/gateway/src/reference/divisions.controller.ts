import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Roles } from '../auth/roles.decorator';
import { ApiView, view } from '../common/api-views';
import { ZodQuery } from '../common/zod-params';
import { DivisionsRepository } from './divisions.repository';

const querySchema = z.object({
  parent: z
    .string()
    .regex(/^\d{4,12}$/)
    .optional()
    .describe(
      'children of this division: 3412 (阜阳市) for the counties, a county for its towns, a town for its villages',
    ),
  q: z.string().trim().min(1).max(50).optional().describe('part of the name (searching a picker)'),
  cursor: z.string().max(12).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});

const divisionView = view(
  'Division',
  z.object({
    code: z.string(),
    name: z.string(),
    level: z.string().describe('county, town or village'),
    parentCode: z.string(),
  }),
);
const divisionPageView = view(
  'DivisionPage',
  z.object({ divisions: z.array(divisionView), nextCursor: z.string().nullable() }),
);

/** The gazetteer for pickers (the console's county → town → village dispatch picker). */
@ApiTags('reference')
@Controller('api/v1/reference/divisions')
@Roles('admin', 'operator', 'auditor', 'consumer')
export class DivisionsController {
  constructor(private readonly divisions: DivisionsRepository) {}

  @Get()
  @ApiOperation({ summary: 'Divisions of 阜阳 by parent or by name, in code order; `nextCursor` pages on' })
  @ApiView(divisionPageView)
  async list(
    @ZodQuery(querySchema) q: z.infer<typeof querySchema>,
  ): Promise<z.infer<typeof divisionPageView>> {
    const divisions = await this.divisions.find({
      parent: q.parent,
      q: q.q,
      after: q.cursor,
      limit: q.limit,
    });
    return {
      divisions,
      nextCursor: divisions.length === q.limit ? divisions[divisions.length - 1].code : null,
    };
  }
}
