import { Module } from '@nestjs/common';
import { type Kafka } from 'kafkajs';
import { egressPolicyFromConfig } from '@minsheng/connector-sdk/egress';
import { Registry } from 'prom-client';
import { HttpFetcher } from '@minsheng/connector-sdk/http';
import { ConnectorRegistry } from '@minsheng/connector-types';
import { AttachmentsRepository } from '@minsheng/shared/attachments';
import { BLOB_STORE, type BlobStore, blobStoreFromConfig } from '@minsheng/shared/blobs';
import { ConnectorInstancesRepository } from '@minsheng/shared/connectors-store';
import { DatabaseRepository } from '@minsheng/shared/db';
import {
  DeadLettersRepository,
  IngestRepository,
  OutboxRepository,
  RawCapturesRepository,
} from '@minsheng/shared/ingest';
import { opsServerProvider } from '@minsheng/shared/observability';
import {
  APP_CONFIG,
  APP_LOGGER,
  type AppConfig,
  CoreModule,
  KAFKA,
  type Logger,
} from '@minsheng/shared/runtime';
import { SecretBox } from '@minsheng/shared/secrets';
import { AttachmentCapture } from './attachments/attachment-capture';
import { ConnectorsControlController } from './control/connectors-control.controller';
import { LiveCheck } from './control/live-check';
import { LiveStatusReader } from './control/live-status';
import { connectorsUserAgent } from './control/user-agent';
import { PullRunner } from './framework/pull-runner';
import { ConnectorsMetrics } from './metrics/connectors-metrics';
import { ConnectorScheduler } from './framework/scheduler.service';
import { AttachmentRetention } from './maintenance/attachment-retention';
import { RawRetention } from './maintenance/raw-retention';
import { OutboxRelay } from './outbox/outbox-relay';
import { ConnectorsService } from './runtime/connectors.service';

/**
 * The connector runtime, composed: scheduled pulls into PostgreSQL, the relay from the outbox to Kafka, and the
 * control plane's handlers (live check, run now, live status; decision 020).
 */
@Module({
  imports: [CoreModule.forApp('connectors')],
  controllers: [ConnectorsControlController],
  providers: [
    ConnectorInstancesRepository,
    DatabaseRepository,
    IngestRepository,
    OutboxRepository,
    RawCapturesRepository,
    DeadLettersRepository,
    AttachmentsRepository,
    {
      provide: BLOB_STORE,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => blobStoreFromConfig(config),
    },
    // Pulls go to PostgreSQL and the relay waits out a Kafka outage: ready needs PostgreSQL only.
    opsServerProvider((c) => ({ host: c.CONNECTORS_HTTP_HOST, port: c.CONNECTORS_HTTP_PORT }), {
      kafka: false,
    }),
    {
      provide: ConnectorsMetrics,
      inject: [Registry, OutboxRepository, ConnectorInstancesRepository, HttpFetcher, APP_LOGGER],
      useFactory: (
        registry: Registry,
        outbox: OutboxRepository,
        instances: ConnectorInstancesRepository,
        http: HttpFetcher,
        logger: Logger,
      ) => new ConnectorsMetrics(registry, { outbox, instances, breaker: http.breaker, logger }),
    },
    // Every implementation loaded before the first pull: a pull asks for its type synchronously.
    { provide: ConnectorRegistry, useFactory: () => ConnectorRegistry.load() },
    {
      // One fetcher for every instance: politeness (one request at a time) and the circuit breaker are per host, so
      // two instances reading the same government site share them.
      provide: HttpFetcher,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) =>
        new HttpFetcher({
          userAgent: connectorsUserAgent(),
          egress: egressPolicyFromConfig(config),
          timeoutMs: 15000,
          retries: 3,
          baseBackoffMs: 500,
          perHost: { concurrency: 1, minIntervalMs: 0 },
          breaker: { threshold: 5, coolDownMs: 60_000 },
        }),
    },
    {
      provide: PullRunner,
      inject: [
        ConnectorInstancesRepository,
        ConnectorRegistry,
        IngestRepository,
        HttpFetcher,
        APP_CONFIG,
        APP_LOGGER,
        SecretBox,
        ConnectorsMetrics,
      ],
      useFactory: (
        instances: ConnectorInstancesRepository,
        registry: ConnectorRegistry,
        ingest: IngestRepository,
        http: HttpFetcher,
        config: AppConfig,
        logger: Logger,
        box: SecretBox,
        metrics: ConnectorsMetrics,
      ) =>
        new PullRunner(
          instances,
          registry,
          ingest,
          { http, piiHashKey: config.PII_HASH_KEY },
          logger,
          box,
          metrics,
        ),
    },
    {
      provide: ConnectorScheduler,
      inject: [ConnectorInstancesRepository, PullRunner, APP_CONFIG, APP_LOGGER],
      useFactory: (
        instances: ConnectorInstancesRepository,
        runner: PullRunner,
        config: AppConfig,
        logger: Logger,
      ) =>
        new ConnectorScheduler(
          instances,
          runner,
          {
            timezone: config.SCHEDULE_TIMEZONE,
            reloadMs: config.CONNECTORS_RELOAD_MS,
            runNowPollMs: config.CONNECTORS_RUN_NOW_POLL_MS,
          },
          logger,
        ),
    },
    {
      provide: RawRetention,
      inject: [RawCapturesRepository, DeadLettersRepository, APP_CONFIG, APP_LOGGER],
      useFactory: (
        captures: RawCapturesRepository,
        deadLetters: DeadLettersRepository,
        config: AppConfig,
        logger: Logger,
      ) =>
        new RawRetention(
          captures,
          {
            retentionDays: config.RAW_RETENTION_DAYS,
            maxAgeDays: config.RAW_MAX_AGE_DAYS,
            deadLetterDays: config.DEAD_LETTER_RETENTION_DAYS,
            schedule: '30 3 * * *',
            timezone: 'Asia/Shanghai',
          },
          logger,
          deadLetters,
        ),
    },
    {
      provide: AttachmentCapture,
      inject: [AttachmentsRepository, HttpFetcher, BLOB_STORE, APP_CONFIG, APP_LOGGER],
      useFactory: (
        repo: AttachmentsRepository,
        http: HttpFetcher,
        store: BlobStore,
        config: AppConfig,
        logger: Logger,
      ) =>
        new AttachmentCapture(
          repo,
          http,
          store,
          {
            limits: {
              image: config.ATTACHMENT_MAX_IMAGE_BYTES,
              video: config.ATTACHMENT_MAX_VIDEO_BYTES,
              audio: config.ATTACHMENT_MAX_AUDIO_BYTES,
              document: config.ATTACHMENT_MAX_DOCUMENT_BYTES,
            },
            maxAttempts: config.ATTACHMENT_MAX_ATTEMPTS,
            backoffBaseMs: config.ATTACHMENT_BACKOFF_BASE_MS,
            pollMs: config.ATTACHMENT_POLL_MS,
            concurrency: config.ATTACHMENT_CONCURRENCY,
          },
          logger,
        ),
    },
    {
      provide: AttachmentRetention,
      inject: [AttachmentsRepository, BLOB_STORE, APP_CONFIG, APP_LOGGER],
      useFactory: (repo: AttachmentsRepository, store: BlobStore, config: AppConfig, logger: Logger) =>
        new AttachmentRetention(
          repo,
          store,
          { retentionDays: config.RAW_RETENTION_DAYS, schedule: '45 3 * * *', timezone: 'Asia/Shanghai' },
          logger,
        ),
    },
    {
      provide: OutboxRelay,
      inject: [OutboxRepository, KAFKA, APP_CONFIG, APP_LOGGER],
      useFactory: (outbox: OutboxRepository, kafka: Kafka, config: AppConfig, logger: Logger) =>
        new OutboxRelay(
          outbox,
          // The producer connects lazily inside the relay loop, so connectors start (and pull) even while Kafka is down.
          // No retries inside kafkajs (2.2.4): its retry of a multi-broker send skips every broker that answered the
          // first attempt, so rows for a partition whose leader died and moved to such a broker were never sent and
          // the send still resolved; the chaos run lost 3 of 20,000 items that way (decision 032). A failed send now
          // fails the batch, the rows stay unsent and the relay sends them again (at least once; the router dedups).
          // kafkajs refuses an idempotent producer without retries; with none, idempotence has nothing to protect.
          kafka.producer({
            idempotent: false,
            maxInFlightRequests: 1,
            allowAutoTopicCreation: false,
            retry: { retries: 0 },
          }),
          {
            batchSize: config.OUTBOX_BATCH_SIZE,
            pollMs: config.OUTBOX_POLL_MS,
            topicPrefix: config.KAFKA_TOPIC_PREFIX,
          },
          logger,
        ),
    },
    ConnectorsService,
    LiveCheck,
    LiveStatusReader,
  ],
})
export class ConnectorsModule {}
