import { Controller, Get, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { CalendarRepository, CalendarService } from '@minsheng/routing/rule-sets';
import { AuditRepository } from '@minsheng/shared/audit';
import { Audited } from '../audit/audited.decorator';
import { Caller } from '../auth/caller.decorator';
import { actorOf, type Principal } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { NotFound } from '../common/domain-error';
import { ZodBody, ZodParam, ZodQuery } from '../common/zod-params';
import { calendarBodySchema, referenceAuditQuerySchema, yearSchema } from './reference.schemas';
import { ApiView } from '../common/api-views';
import { auditEntryView } from '../common/common.views';
import { calendarYearSummaryView, calendarYearView } from './reference.views';

const REFERENCE_ENTITIES = ['jurisdiction_alias', 'channel_hint', 'department', 'unit', 'calendar_year'];

type CalendarYear = z.infer<typeof calendarYearView>;

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
  @ApiView(z.array(calendarYearSummaryView))
  years(): Promise<z.infer<typeof calendarYearSummaryView>[]> {
    return this.days.years();
  }

  @Get('calendar/:year')
  @ApiOperation({ summary: 'One year: its holidays and adjusted working days' })
  @ApiView(calendarYearView)
  async year(@ZodParam('year', yearSchema) year: number): Promise<CalendarYear> {
    const source = await this.days.source(year);
    if (source === undefined) throw new NotFound(`no calendar for ${year}`);
    return { year, source, days: await this.days.days(year) };
  }

  @Put('calendar/:year')
  @ApiOperation({
    summary: 'Add or replace a year (holidays and 调休 working days) when the State Council publishes it',
  })
  @Audited('by-service')
  @ApiView(calendarYearView)
  async putYear(
    @ZodParam('year', yearSchema) year: number,
    @ZodBody(calendarBodySchema) spec: z.infer<typeof calendarBodySchema>,
    @Caller() caller: Principal,
  ): Promise<CalendarYear> {
    await this.calendar.putYear(year, spec.source, spec.days, actorOf(caller));
    return this.year(year);
  }

  @Get('audit')
  @ApiOperation({
    summary: 'Changes to reference data (aliases, mappings, departments, units, calendar), newest first',
  })
  @ApiView(z.array(auditEntryView))
  audit(
    @ZodQuery(referenceAuditQuerySchema) q: z.infer<typeof referenceAuditQuerySchema>,
  ): Promise<z.infer<typeof auditEntryView>[]> {
    return this.auditLog.find({
      entities: q.entity ? [q.entity] : REFERENCE_ENTITIES,
      entityId: q.entityId,
      limit: q.limit,
    });
  }
}
