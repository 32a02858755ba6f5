import { ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/roles.decorator';
import { Controller, Get, Res } from '@nestjs/common';
import { type Response } from 'express';
import { HealthService } from './health.service';
import { type z } from 'zod';
import { ApiView } from '../common/api-views';
import { healthView } from './health.views';

@Public()
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  /** 503 when a dependency is down, so load balancers and the demo can wait on it. */
  @Get()
  @ApiView(healthView)
  async get(@Res({ passthrough: true }) res: Response): Promise<z.infer<typeof healthView>> {
    const report = await this.health.check();
    res.status(report.status === 'ok' ? 200 : 503);
    return report;
  }
}
