import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { APP_LOGGER, type Logger } from '@minsheng/shared/runtime';
import { ConnectorScheduler } from '../framework/scheduler.service';
import { RawRetention } from '../maintenance/raw-retention';
import { OutboxRelay } from '../outbox/outbox-relay';

/** Starts the connector runtime's loops (composed in ConnectorsModule) and stops them in reverse. */
@Injectable()
export class ConnectorsService implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(APP_LOGGER) private readonly logger: Logger,
    private readonly scheduler: ConnectorScheduler,
    private readonly retention: RawRetention,
    private readonly relay: OutboxRelay,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.relay.start();
    await this.scheduler.start();
    this.retention.start();
    this.logger.info('connectors started');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.scheduler.stop();
    await this.retention.stop();
    await this.relay.stop();
  }
}
