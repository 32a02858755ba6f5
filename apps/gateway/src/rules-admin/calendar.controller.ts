import { Body, Controller, Get, HttpStatus, Param, Put, Query, Req } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { type CalendarDay } from '@minsheng/routing/calendar';
import { CalendarRepository, CalendarService, CalendarYearError } from '@minsheng/routing/rule-sets';
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
    private readonly days: CalendarRepository,
    private readonly calendar: CalendarService,
    private readonly auditLog: AuditRepository,
  ) {}

  @Get('calendar')
  @ApiOperation({ summary: 'Calendar years on file (a year without one counts Monday–Friday, and says so)' })
  years(): Promise<{ year: number; source: string; days: number }[]> {
    return this.days.years();
  }

  @Get('calendar/:year')
  @ApiOperation({ summary: 'One year: its holidays and adjusted working days' })
  @ApiParam({ name: 'year', type: Number })
  async year(@Param('year') param: string): Promise<CalendarYear> {
    const year = parseBody(yearSchema, param);
    const source = await this.days.source(year);
    if (source === undefined)
      throw new ApiError('not_found', `no calendar for ${year}`, HttpStatus.NOT_FOUND);
    return { year, source, days: await this.days.days(year) };
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
