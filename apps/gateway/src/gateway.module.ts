import { type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { CoreModule } from '@minsheng/shared/runtime';
import { CorrelationMiddleware } from './common/correlation.middleware';
import { ErrorFilter } from './common/error.filter';
import { HealthController } from './health/health.controller';
import { HealthService } from './health/health.service';
import { IntakeModule } from './intake/intake.module';
import { SchemasController } from './schemas/schemas.controller';
import { TicketsController } from './tickets/tickets.controller';
import { TicketsService } from './tickets/tickets.service';

@Module({
  imports: [CoreModule.forApp('gateway'), IntakeModule],
  controllers: [HealthController, SchemasController, TicketsController],
  providers: [HealthService, TicketsService, { provide: APP_FILTER, useClass: ErrorFilter }],
})
export class GatewayModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(CorrelationMiddleware).forRoutes('*path');
  }
}
