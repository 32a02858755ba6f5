import { ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/roles.decorator';
import { Controller, Get, Res } from '@nestjs/common';
import { type Response } from 'express';
import { HealthService, type HealthReport } from './health.service';

@Public()
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  /** 503 when a dependency is down, so load balancers and the demo can wait on it. */
  @Get()
  async get(@Res({ passthrough: true }) res: Response): Promise<HealthReport> {
    const report = await this.health.check();
    res.status(report.status === 'ok' ? 200 : 503);
    return report;
  }
}
