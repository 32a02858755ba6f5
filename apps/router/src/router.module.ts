import { Module } from '@nestjs/common';
import { type Kafka } from 'kafkajs';
import { Registry } from 'prom-client';
import { type DataSource } from 'typeorm';
import {
  DecisionRepository,
  DEFAULT_DUPLICATE_POLICY,
  DuplicateFinder,
  RatingsRepository,
  ReferenceDataRepository,
} from '@minsheng/routing';
import { RuleSetService, RuleSetsRepository } from '@minsheng/routing/rule-sets';
import { ModelService, ModelVersionsRepository, TrainingDataRepository } from '@minsheng/routing/models';
import { ModelSimulator, RuleSetSimulator } from '@minsheng/routing/simulation';
import { ConnectorInstancesRepository } from '@minsheng/shared/connectors-store';
import { topicName } from '@minsheng/shared/contracts';
import { DatabaseRepository } from '@minsheng/shared/db';
import { IngestRepository } from '@minsheng/shared/ingest';
import { opsServerProvider } from '@minsheng/shared/observability';
import {
  APP_CONFIG,
  APP_LOGGER,
  type AppConfig,
  CoreModule,
  DATA_SOURCE,
  KAFKA,
  type Logger,
} from '@minsheng/shared/runtime';
import { PublishedOffsetsRepository } from './consumer/published-offsets.repository';
import { RouterConsumerService } from './consumer/router-consumer.service';
import { RouterControlController } from './control/router-control.controller';
import { RouterMetrics } from './metrics/router-metrics';
import { BatchRouter } from './routing/batch-router';
import { RatingDecider } from './routing/rating-decider';
import { ModelTrainingScheduler } from './models/model-training.scheduler';
import { PublishedModel } from './models/published-model';
import { SupervisionScheduler } from './supervision/supervision.scheduler';
import { SupervisionRepository } from '@minsheng/routing/supervision';
import { StatsRepository } from '@minsheng/routing/stats';
import { StatsCompactor } from './stats/stats-compactor';
import { HotspotsRepository } from '@minsheng/routing/hotspots';
import { HotspotScheduler } from './hotspots/hotspot.scheduler';

/**
 * The router, composed: reference data and decisions in PostgreSQL, the batch router between Kafka topics, and the
 * control plane's simulate handler (decision 020).
 */
@Module({
  imports: [CoreModule.forApp('router')],
  controllers: [RouterControlController],
  providers: [
    {
      provide: ReferenceDataRepository,
      inject: [DATA_SOURCE],
      useFactory: (db: DataSource) => new ReferenceDataRepository(db),
    },
    {
      provide: DecisionRepository,
      inject: [DATA_SOURCE],
      useFactory: (db: DataSource) => new DecisionRepository(db),
    },
    {
      provide: DuplicateFinder,
      inject: [DecisionRepository, APP_CONFIG],
      useFactory: (decisions: DecisionRepository, config: AppConfig) =>
        new DuplicateFinder(decisions, {
          ...DEFAULT_DUPLICATE_POLICY,
          windowHours: config.DUPLICATE_WINDOW_HOURS,
        }),
    },
    DatabaseRepository,
    PublishedOffsetsRepository,
    // The router cannot route without Kafka: ready needs both.
    opsServerProvider((c) => ({ host: c.ROUTER_HTTP_HOST, port: c.ROUTER_HTTP_PORT }), { kafka: true }),
    {
      provide: RouterMetrics,
      inject: [Registry, KAFKA, ReferenceDataRepository, APP_CONFIG, APP_LOGGER],
      useFactory: (
        registry: Registry,
        kafka: Kafka,
        reference: ReferenceDataRepository,
        config: AppConfig,
        logger: Logger,
      ) =>
        new RouterMetrics(registry, {
          kafka,
          groupId: `${config.KAFKA_TOPIC_PREFIX}${config.ROUTER_GROUP_ID}`,
          topics: [
            topicName('items', config.KAFKA_TOPIC_PREFIX),
            topicName('feedback', config.KAFKA_TOPIC_PREFIX),
          ],
          publishedRuleSetVersion: () => reference.publishedRuleSetVersion(),
          logger,
        }),
    },
    {
      provide: BatchRouter,
      inject: [DecisionRepository, DuplicateFinder, APP_CONFIG, RouterMetrics, DATA_SOURCE],
      useFactory: (
        decisions: DecisionRepository,
        duplicates: DuplicateFinder,
        config: AppConfig,
        metrics: RouterMetrics,
        db: DataSource,
      ) =>
        new BatchRouter(
          decisions,
          duplicates,
          { maxReturns: config.ROUTER_MAX_RETURNS, topicPrefix: config.KAFKA_TOPIC_PREFIX },
          metrics,
          new RatingDecider(new RatingsRepository(db), { maxReopens: config.DISSATISFIED_MAX_REOPENS }),
        ),
    },
    RouterConsumerService,
    SupervisionRepository,
    SupervisionScheduler,
    StatsRepository,
    StatsCompactor,
    HotspotsRepository,
    HotspotScheduler,
    // Simulation reads stored items (the ingest repository's read side) and rule sets.
    ConnectorInstancesRepository,
    IngestRepository,
    RuleSetsRepository,
    RuleSetService,
    // Models: versions in PostgreSQL, the published one polled into routing, training on a schedule and on demand.
    ModelVersionsRepository,
    TrainingDataRepository,
    ModelService,
    PublishedModel,
    ModelTrainingScheduler,
    {
      provide: ModelSimulator,
      inject: [ModelService, ReferenceDataRepository, IngestRepository],
      useFactory: (models: ModelService, reference: ReferenceDataRepository, items: IngestRepository) =>
        new ModelSimulator(models, reference, items),
    },
    {
      provide: RuleSetSimulator,
      inject: [RuleSetService, ReferenceDataRepository, IngestRepository, ModelSimulator],
      useFactory: (
        ruleSets: RuleSetService,
        reference: ReferenceDataRepository,
        items: IngestRepository,
        models: ModelSimulator,
      ) => new RuleSetSimulator(ruleSets, reference, items, models),
    },
  ],
})
export class RouterModule {}
