import { Module } from '@nestjs/common';
import { AttachmentsModule } from '../attachments/attachments.module';
import { egressPolicyProvider } from './egress-policy.provider';
import { WebhookConsumerService } from './webhook-consumer.service';
import { WebhookDeliveriesService } from './webhook-deliveries.service';
import { WebhookDispatcherService } from './webhook-dispatcher.service';
import { WebhookSubscriptionsService } from './webhook-subscriptions.service';
import { WebhooksController } from './webhooks.controller';

/** Subscriptions API, the matcher on the routed/triage topics and the dispatcher, all in the gateway process. */
@Module({
  imports: [AttachmentsModule],
  controllers: [WebhooksController],
  providers: [
    egressPolicyProvider,
    WebhookSubscriptionsService,
    WebhookDeliveriesService,
    WebhookConsumerService,
    WebhookDispatcherService,
  ],
})
export class WebhooksModule {}
