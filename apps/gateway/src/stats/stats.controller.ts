import { Controller, Get, Headers, Res, StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { type Response } from 'express';
import { type z } from 'zod';
import { Caller } from '../auth/caller.decorator';
import { type Principal } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { ApiView } from '../common/api-views';
import { ZodQuery } from '../common/zod-params';
import { CSV_TYPE, type Table, toCsv, toXlsx, XLSX_TYPE } from './stats-export';
import {
  type ExportFormat,
  rankingQuerySchema,
  type RankingQuery,
  statsQuerySchema,
  type StatsQuery,
} from './stats-query';
import { StatsService } from './stats.service';
import { statsRankingView, statsReportView } from './stats.views';

/** `format` wins; else the Accept header; else JSON. */
function formatOf(format: ExportFormat | undefined, accept: string | undefined): ExportFormat {
  if (format) return format;
  if (accept?.includes(XLSX_TYPE)) return 'xlsx';
  if (accept?.includes('text/csv')) return 'csv';
  return 'json';
}

function exported(res: Response, format: 'csv' | 'xlsx', name: string, table: Table): StreamableFile {
  res.setHeader('Content-Disposition', `attachment; filename="${name}.${format}"`);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  return new StreamableFile(format === 'csv' ? toCsv(table) : toXlsx(table), {
    type: format === 'csv' ? CSV_TYPE : XLSX_TYPE,
  });
}

/** 亮晒比: counts and rates per county, town, department and channel, by day, week or month, in the key's scope. */
@ApiTags('stats')
@Roles('consumer', 'admin', 'auditor')
@Controller('api/v1/stats')
export class StatsController {
  constructor(private readonly stats: StatsService) {}

  @Get()
  @ApiOperation({
    summary:
      "Statistics (亮晒比) per period and unit in the key's scope: received, routed, triaged, accepted, returned, closed, on time, ratings, handling days, overdue; rates with their denominators; CSV or XLSX with format= or Accept",
  })
  @ApiProduces('application/json', CSV_TYPE, XLSX_TYPE)
  @ApiView(statsReportView)
  async report(
    @ZodQuery(statsQuerySchema) q: StatsQuery,
    @Caller() caller: Principal,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<z.infer<typeof statsReportView> | StreamableFile> {
    const report = await this.stats.report(q, caller);
    const format = formatOf(q.format, accept);
    if (format === 'json') return report;
    return exported(
      res,
      format,
      `stats-${report.period}-${report.from}-${report.to}`,
      this.stats.reportTable(report),
    );
  }

  @Get('ranking')
  @ApiOperation({
    summary:
      "Units ranked by one metric over a range (亮晒比 league table), best first, in the key's scope; ties share a rank; CSV or XLSX too",
  })
  @ApiProduces('application/json', CSV_TYPE, XLSX_TYPE)
  @ApiView(statsRankingView)
  async ranking(
    @ZodQuery(rankingQuerySchema) q: RankingQuery,
    @Caller() caller: Principal,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<z.infer<typeof statsRankingView> | StreamableFile> {
    const ranking = await this.stats.ranking(q, caller);
    const format = formatOf(q.format, accept);
    if (format === 'json') return ranking;
    return exported(
      res,
      format,
      `ranking-${ranking.metric}-${ranking.from}-${ranking.to}`,
      this.stats.rankingTable(ranking),
    );
  }
}
