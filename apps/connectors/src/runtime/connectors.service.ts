import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { type Kafka, type Producer } from 'kafkajs';
import { type DataSource } from 'typeorm';
import {
  APP_CONFIG,
  APP_LOGGER,
  DATA_SOURCE,
  KAFKA,
  type AppConfig,
  type Logger,
} from '@minsheng/shared/runtime';
import { ConnectorRegistry } from '@minsheng/connector-types';
import { IngestRepository } from '@minsheng/shared/ingest';
import { secretBoxOf } from '@minsheng/shared/secrets';
import { PullRunner } from '../framework/pull-runner';
import { ConnectorScheduler } from '../framework/scheduler.service';
import { HttpFetcher } from '@minsheng/connector-sdk';
import { RawRetention } from '../maintenance/raw-retention';
import { OutboxRelay } from '../outbox/outbox-relay';

/** Wires the connector runtime: scheduled pulls into PostgreSQL, and the relay from the outbox to Kafka. */
@Injectable()
export class ConnectorsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private producer!: Producer;
  private relay!: OutboxRelay;
  private scheduler!: ConnectorScheduler;
  private retention!: RawRetention;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(APP_LOGGER) private readonly logger: Logger,
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    @Inject(KAFKA) private readonly kafka: Kafka,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const registry = new ConnectorRegistry();
    // One fetcher for every instance: politeness (one request at a time) and the circuit breaker are per host, so
    // two instances reading the same government site share them.
    const http = new HttpFetcher({
      timeoutMs: 15000,
      retries: 3,
      baseBackoffMs: 500,
      perHost: { concurrency: 1, minIntervalMs: 0 },
      breaker: { threshold: 5, coolDownMs: 60_000 },
    });
    const runner = new PullRunner(
      this.db,
      registry,
      new IngestRepository(this.db),
      { http, piiHashKey: this.config.PII_HASH_KEY },
      this.logger,
      secretBoxOf(this.config),
    );
    this.scheduler = new ConnectorScheduler(
      this.db,
      runner,
      {
        timezone: this.config.SCHEDULE_TIMEZONE,
        reloadMs: this.config.CONNECTORS_RELOAD_MS,
        runNowPollMs: this.config.CONNECTORS_RUN_NOW_POLL_MS,
      },
      this.logger,
    );
    this.retention = new RawRetention(
      this.db,
      { retentionDays: this.config.RAW_RETENTION_DAYS, schedule: '30 3 * * *', timezone: 'Asia/Shanghai' },
      this.logger,
    );
    // The producer connects lazily inside the relay loop, so connectors start (and pull) even while Kafka is down.
    this.producer = this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
    });
    this.relay = new OutboxRelay(
      this.db,
      this.producer,
      {
        batchSize: this.config.OUTBOX_BATCH_SIZE,
        pollMs: this.config.OUTBOX_POLL_MS,
        topicPrefix: this.config.KAFKA_TOPIC_PREFIX,
      },
      this.logger,
    );
    this.relay.start();
    await this.scheduler.start();
    this.retention.start();
    this.logger.info('connectors started');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.scheduler?.stop();
    await this.retention?.stop();
    await this.relay?.stop();
    await this.producer?.disconnect().catch(() => undefined);
  }
}
