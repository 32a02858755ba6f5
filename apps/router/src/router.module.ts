import { Module } from '@nestjs/common';
import { type DataSource } from 'typeorm';
import {
  DecisionRepository,
  DEFAULT_DUPLICATE_POLICY,
  DuplicateFinder,
  ReferenceDataRepository,
} from '@minsheng/routing';
import { RuleSetService, RuleSetsRepository } from '@minsheng/routing/rule-sets';
import { ModelService, ModelVersionsRepository, TrainingDataRepository } from '@minsheng/routing/models';
import { ModelSimulator, RuleSetSimulator } from '@minsheng/routing/simulation';
import { ConnectorInstancesRepository } from '@minsheng/shared/connectors-store';
import { IngestRepository } from '@minsheng/shared/ingest';
import { APP_CONFIG, type AppConfig, CoreModule, DATA_SOURCE } from '@minsheng/shared/runtime';
import { RouterConsumerService } from './consumer/router-consumer.service';
import { RouterControlController } from './control/router-control.controller';
import { BatchRouter } from './routing/batch-router';
import { ModelTrainingScheduler } from './models/model-training.scheduler';
import { PublishedModel } from './models/published-model';
import { SupervisionScheduler } from './supervision/supervision.scheduler';
import { SupervisionRepository } from '@minsheng/routing/supervision';

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
    {
      provide: BatchRouter,
      inject: [DecisionRepository, DuplicateFinder, APP_CONFIG],
      useFactory: (decisions: DecisionRepository, duplicates: DuplicateFinder, config: AppConfig) =>
        new BatchRouter(decisions, duplicates, {
          maxReturns: config.ROUTER_MAX_RETURNS,
          topicPrefix: config.KAFKA_TOPIC_PREFIX,
        }),
    },
    RouterConsumerService,
    SupervisionRepository,
    SupervisionScheduler,
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
