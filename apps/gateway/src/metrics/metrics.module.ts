import { Global, Module } from '@nestjs/common';
import { GatewayGaugesRepository } from './gateway-gauges.repository';
import { GatewayMetrics } from './gateway-metrics';
import { MetricsController } from './metrics.controller';
import { RequestMetricsMiddleware } from './request-metrics.middleware';

/** The gateway's /metrics and the series its modules record (intake, webhooks, every request). */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [GatewayGaugesRepository, GatewayMetrics, RequestMetricsMiddleware],
  exports: [GatewayMetrics],
})
export class MetricsModule {}
