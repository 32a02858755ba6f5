import { Controller, Get, HttpStatus } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { HotspotsRepository } from '@minsheng/routing/hotspots';
import { HOTSPOT_TOPIC_KINDS } from '@minsheng/shared/contracts';
import { Caller } from '../auth/caller.decorator';
import { type Principal } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { ApiError } from '../common/api-error';
import { ApiView } from '../common/api-views';
import { ZodQuery } from '../common/zod-params';
import { hotspotPageView } from './hotspot.views';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a yyyy-mm-dd date');

export const hotspotQuerySchema = z.strictObject({
  county: z
    .string()
    .regex(/^\d{6}$/)
    .optional()
    .describe('hotspots in this county or its towns'),
  topicKind: z.enum(HOTSPOT_TOPIC_KINDS).optional(),
  from: day.optional().describe('first day (Shanghai), inclusive'),
  to: day.optional().describe('last day (Shanghai), inclusive'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional().describe('nextCursor of the previous page'),
});

type Page = z.infer<typeof hotspotPageView>;

/** Opaque to callers: the (day, id) of the last hotspot of a page. */
const encodeCursor = (d: string, id: string) => Buffer.from(JSON.stringify([d, id])).toString('base64url');

function decodeCursor(cursor: string): { day: string; id: string } {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(v) &&
      v.length === 2 &&
      day.safeParse(v[0]).success &&
      typeof v[1] === 'string' &&
      /^hs_[0-9a-f]{32}$/.test(v[1])
    )
      return { day: v[0] as string, id: v[1] };
  } catch {
    // answered below
  }
  throw new ApiError('invalid_request', 'cursor: not a cursor this API issued', HttpStatus.BAD_REQUEST);
}

/** 热点: what the router's detection found, newest day first, inside the caller's counties. */
@ApiTags('hotspots')
@Roles('consumer', 'admin', 'auditor')
@Controller('api/v1/hotspots')
export class HotspotsController {
  constructor(private readonly repo: HotspotsRepository) {}

  @Get()
  @ApiOperation({
    summary:
      "Hotspots (热点): topics rising in a county or town beyond their baseline, in the key's counties (a department-scoped key: its departments' hotspots); newest day first, `nextCursor` pages on",
  })
  @ApiView(hotspotPageView)
  async list(
    @ZodQuery(hotspotQuerySchema) q: z.infer<typeof hotspotQuerySchema>,
    @Caller() caller: Principal,
  ): Promise<Page> {
    if (q.from && q.to && q.from > q.to)
      throw new ApiError('invalid_request', 'from: after to', HttpStatus.BAD_REQUEST);
    const counties =
      q.county === undefined
        ? caller.counties
        : caller.counties
          ? caller.counties.filter((c) => c === q.county)
          : [q.county];
    const rows = await this.repo.list({
      counties,
      departments: caller.departments,
      topicKind: q.topicKind,
      from: q.from,
      to: q.to,
      after: q.cursor ? decodeCursor(q.cursor) : undefined,
      limit: q.limit + 1,
    });
    const page = rows.slice(0, q.limit);
    const last = page[page.length - 1];
    return {
      hotspots: page.map((r) => r.event),
      nextCursor: rows.length > q.limit && last ? encodeCursor(last.day, last.id) : null,
    };
  }
}
