import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { APP_LOGGER, type Logger } from '@minsheng/shared/runtime';
import { AttachmentCapture } from '../attachments/attachment-capture';
import { ConnectorScheduler } from '../framework/scheduler.service';
import { AttachmentRetention } from '../maintenance/attachment-retention';
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
    private readonly capture: AttachmentCapture,
    private readonly blobRetention: AttachmentRetention,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.relay.start();
    await this.scheduler.start();
    this.retention.start();
    this.capture.start();
    this.blobRetention.start();
    this.logger.info('connectors started');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.scheduler.stop();
    await this.retention.stop();
    await this.blobRetention.stop();
    await this.capture.stop();
    await this.relay.stop();
  }
}
