import { Body, Controller, Get, HttpStatus, Inject, Param, Put, Query, Req } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { type CalendarDay } from '@minsheng/routing/calendar';
import { CalendarService, CalendarYearError } from '@minsheng/routing/rule-sets';
import { DATA_SOURCE } from '@minsheng/shared/runtime';
import { AuditRepository, type AuditRow } from '@minsheng/shared/audit';
import { markAudited } from '../audit/audit.interceptor';
import { actorOf, type AuthedRequest } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { ApiError } from '../common/api-error';
import { parseBody } from '../common/parse-body';
import { calendarBodySchema, referenceAuditQuerySchema, yearSchema } from './reference.schemas';

const REFERENCE_ENTITIES = ['jurisdiction_alias', 'channel_hint', 'department', 'unit', 'calendar_year'];

interface CalendarYear {
  year: number;
  source: string;
  days: CalendarDay[];
}

@ApiTags('reference-data')
@Controller('api/v1/reference')
@Roles('admin')
export class CalendarController {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly calendar: CalendarService,
    private readonly auditLog: AuditRepository,
  ) {}

  @Get('calendar')
  @ApiOperation({ summary: 'Calendar years on file (a year without one counts Monday–Friday, and says so)' })
  async years(): Promise<{ year: number; source: string; days: number }[]> {
    const rows = await this.db.query<{ year: number; source: string; days: string }[]>(
      `SELECT y.year, y.source, (SELECT count(*) FROM calendar_days d WHERE extract(year FROM d.date) = y.year) AS days
       FROM calendar_years y ORDER BY y.year`,
    );
    return rows.map((r) => ({ year: r.year, source: r.source, days: Number(r.days) }));
  }

  @Get('calendar/:year')
  @ApiOperation({ summary: 'One year: its holidays and adjusted working days' })
  @ApiParam({ name: 'year', type: Number })
  async year(@Param('year') param: string): Promise<CalendarYear> {
    const year = parseBody(yearSchema, param);
    const [meta] = await this.db.query<{ source: string }[]>(
      `SELECT source FROM calendar_years WHERE year = $1`,
      [year],
    );
    if (!meta) throw new ApiError('not_found', `no calendar for ${year}`, HttpStatus.NOT_FOUND);
    const days = await this.db.query<{ date: string; kind: CalendarDay['kind']; name: string | null }[]>(
      `SELECT to_char(date, 'YYYY-MM-DD') AS date, kind, name FROM calendar_days
       WHERE extract(year FROM date) = $1 ORDER BY date`,
      [year],
    );
    return { year, source: meta.source, days: days.map((d) => ({ ...d, name: d.name ?? undefined })) };
  }

  @Put('calendar/:year')
  @ApiOperation({
    summary: 'Add or replace a year (holidays and 调休 working days) when the State Council publishes it',
  })
  @ApiParam({ name: 'year', type: Number })
  @ApiBody({ schema: z.toJSONSchema(calendarBodySchema, { io: 'input' }) as object })
  async putYear(
    @Param('year') param: string,
    @Body() body: unknown,
    @Req() req: AuthedRequest,
  ): Promise<CalendarYear> {
    const year = parseBody(yearSchema, param);
    const spec = parseBody(calendarBodySchema, body);
    await this.calendar.putYear(year, spec.source, spec.days, actorOf(req.principal!)).catch((e: unknown) => {
      if (e instanceof CalendarYearError)
        throw new ApiError('invalid_calendar', e.message, HttpStatus.BAD_REQUEST, { errors: e.problems });
      throw e;
    });
    markAudited(req);
    return this.year(String(year));
  }

  @Get('audit')
  @ApiOperation({
    summary: 'Changes to reference data (aliases, mappings, departments, units, calendar), newest first',
  })
  @ApiQuery({ name: 'entity', required: false, enum: REFERENCE_ENTITIES })
  @ApiQuery({ name: 'entityId', required: false })
  @ApiQuery({ name: 'limit', required: false })
  audit(@Query() query: unknown): Promise<AuditRow[]> {
    const q = parseBody(referenceAuditQuerySchema, query);
    return this.auditLog.find({
      entities: q.entity ? [q.entity] : REFERENCE_ENTITIES,
      entityId: q.entityId,
      limit: q.limit,
    });
  }
}
