import { Inject, type MiddlewareConsumer, Module, type NestModule, type OnModuleInit } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, HttpAdapterHost } from '@nestjs/core';
import { AuditRepository } from '@minsheng/shared/audit';
import { DatabaseRepository } from '@minsheng/shared/db';
import { ApiKeyStore } from '@minsheng/shared/keys';
import { APP_LOGGER, CoreModule, type Logger } from '@minsheng/shared/runtime';
import { bodyParserErrorHandler } from './common/body-parser-errors';
import { AuditInterceptor } from './audit/audit.interceptor';
import { AuditLogController } from './audit/audit-log.controller';
import { ApiKeyGuard } from './auth/api-key.guard';
import { KeysController } from './auth/keys.controller';
import { CorrelationMiddleware } from './common/correlation.middleware';
import { AttachmentsModule } from './attachments/attachments.module';
import { ControlPlaneModule } from './control/control-plane.module';
import { ConnectorsAdminModule } from './connectors-admin/connectors-admin.module';
import { ErrorFilter } from './common/error.filter';
import { HealthController } from './health/health.controller';
import { HealthService } from './health/health.service';
import { IntakeModule } from './intake/intake.module';
import { MetricsModule } from './metrics/metrics.module';
import { RequestMetricsMiddleware } from './metrics/request-metrics.middleware';
import { Open311Module } from './open311/open311.module';
import { RulesAdminModule } from './rules-admin/rules-admin.module';
import { ModelsAdminModule } from './models-admin/models-admin.module';
import { SupervisionModule } from './supervision/supervision.module';
import { StatsModule } from './stats/stats.module';
import { OverviewModule } from './overview/overview.module';
import { HotspotsModule } from './hotspots/hotspots.module';
import { FeedbackPublisher } from './kafka/feedback-publisher';
import { DivisionsController } from './reference/divisions.controller';
import { DivisionsRepository } from './reference/divisions.repository';
import { SchemasController } from './schemas/schemas.controller';
import { ConsoleSessionRepository } from './session/console-session.repository';
import { SessionController } from './session/session.controller';
import { SessionCookie } from './session/session-cookie';
import { SessionService } from './session/session.service';
import { TicketsController } from './tickets/tickets.controller';
import { RatingsController } from './ratings/ratings.controller';
import { TicketRatingsRepository } from './ratings/ratings.repository';
import { RatingsService } from './ratings/ratings.service';
import { TicketsRepository } from './tickets/tickets.repository';
import { TicketsService } from './tickets/tickets.service';
import { TriageController } from './triage/triage.controller';
import { TriageService } from './triage/triage.service';
import { WebhooksModule } from './webhooks/webhooks.module';

@Module({
  imports: [
    CoreModule.forApp('gateway'),
    MetricsModule,
    ControlPlaneModule,
    IntakeModule,
    ConnectorsAdminModule,
    RulesAdminModule,
    ModelsAdminModule,
    SupervisionModule,
    StatsModule,
    OverviewModule,
    HotspotsModule,
    Open311Module,
    WebhooksModule,
    AttachmentsModule,
  ],
  controllers: [
    HealthController,
    SchemasController,
    TicketsController,
    RatingsController,
    TriageController,
    KeysController,
    AuditLogController,
    SessionController,
    DivisionsController,
  ],
  providers: [
    AuditRepository,
    DatabaseRepository,
    ApiKeyStore,
    HealthService,
    TicketsRepository,
    TicketsService,
    TicketRatingsRepository,
    RatingsService,
    TriageService,
    FeedbackPublisher,
    ConsoleSessionRepository,
    DivisionsRepository,
    SessionService,
    SessionCookie,
    { provide: APP_FILTER, useClass: ErrorFilter },
    ApiKeyGuard,
    { provide: APP_GUARD, useExisting: ApiKeyGuard },
    { provide: APP_INTERCEPTOR, useClass: AuditInterceptor },
  ],
})
export class GatewayModule implements NestModule, OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  /** Runs after the routes are registered and before Nest's own error handler, so it sees the parser's errors first. */
  onModuleInit(): void {
    this.adapterHost.httpAdapter?.use(bodyParserErrorHandler(this.logger));
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(CorrelationMiddleware, RequestMetricsMiddleware).forRoutes('*path');
  }
}
