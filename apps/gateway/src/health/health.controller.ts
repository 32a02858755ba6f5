import { Controller, Get, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Response } from 'express';
import { type z } from 'zod';
import { Public } from '../auth/roles.decorator';
import { ApiView } from '../common/api-views';
import { HealthService } from './health.service';
import { healthView, liveView, probeView } from './health.views';

@Public()
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  /** Compatibility: PostgreSQL and Kafka, 503 unless both are up. Probes use /health/live and /health/ready. */
  @Get()
  @ApiOperation({
    summary: 'PostgreSQL and Kafka up (503 otherwise); probes use /health/live and /health/ready',
  })
  @ApiView(healthView)
  async get(@Res({ passthrough: true }) res: Response): Promise<z.infer<typeof healthView>> {
    const { status, checks } = this.answer(res, await this.health.all());
    return {
      status: status === 'ok' ? 'ok' : 'degraded',
      checks: { postgres: { status: checks.postgres ?? 'down' }, kafka: { status: checks.kafka ?? 'down' } },
    };
  }

  @Get('live')
  @ApiOperation({ summary: 'The process answers (liveness); checks nothing else' })
  @ApiView(liveView)
  live(): z.infer<typeof liveView> {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({
    summary: 'Ready for traffic: PostgreSQL answers (Kafka is not needed; intake goes through the outbox)',
  })
  @ApiView(probeView)
  async ready(@Res({ passthrough: true }) res: Response): Promise<z.infer<typeof probeView>> {
    return this.answer(res, await this.health.ready());
  }

  private answer(res: Response, report: z.infer<typeof probeView>): z.infer<typeof probeView> {
    res.status(report.status === 'ok' ? 200 : 503);
    return report;
  }
}
