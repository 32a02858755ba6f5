import { Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { type z } from 'zod';
import { Audited } from '../audit/audited.decorator';
import { Caller } from '../auth/caller.decorator';
import { type Principal } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { ZodBody, ZodQuery } from '../common/zod-params';
import { WebhookDeliveriesService } from './webhook-deliveries.service';
import {
  type CreateWebhook,
  createWebhookSchema,
  deliveriesQuerySchema,
  listQuerySchema,
  type UpdateWebhook,
  updateWebhookSchema,
} from './webhook-schemas';
import { WebhookSubscriptionsService } from './webhook-subscriptions.service';
import { ApiView } from '../common/api-views';
import { type EgressAllow, egressAllowSchema, egressAllowView } from '../common/egress-allow';
import {
  deliveryPageView,
  deliveryView,
  webhookIssuedView,
  webhookPageView,
  webhookView,
} from './webhook.views';

type Webhook = z.infer<typeof webhookView>;

/**
 * Webhooks for downstream systems that cannot read Kafka. A consumer key manages its own subscriptions; another
 * key's subscription answers 404 exactly like a missing one. Admins may read every key's subscriptions and logs.
 */
@ApiTags('webhooks')
@Controller('api/v1/webhooks')
export class WebhooksController {
  constructor(
    private readonly subscriptions: WebhookSubscriptionsService,
    private readonly deliveries: WebhookDeliveriesService,
  ) {}

  @Post()
  @Roles('consumer')
  @ApiOperation({
    summary: 'Subscribe; the signing secret is in this response only',
    description:
      'Deliveries are POSTs with X-Minsheng-Delivery, X-Minsheng-Event, X-Minsheng-Timestamp and X-Minsheng-Signature ' +
      '(sha256=hex HMAC-SHA256 of "<timestamp>.<raw body>" under the secret). Body: {event, eventId, deliveryId, ' +
      'subscriptionId, createdAt, ticket: RoutedTicketV1}. 2xx = delivered; anything else is retried with backoff.',
  })
  @Audited('by-service')
  @ApiView(webhookIssuedView, HttpStatus.CREATED)
  create(
    @ZodBody(createWebhookSchema) spec: CreateWebhook,
    @Caller() caller: Principal,
  ): Promise<z.infer<typeof webhookIssuedView>> {
    return this.subscriptions.create(spec, caller);
  }

  @Get()
  @Roles('consumer', 'admin')
  @ApiOperation({
    summary: "The key's webhooks (an admin: every key's), oldest first; `nextCursor` pages on",
  })
  @ApiView(webhookPageView)
  list(
    @ZodQuery(listQuerySchema) q: z.infer<typeof listQuerySchema>,
    @Caller() caller: Principal,
  ): Promise<z.infer<typeof webhookPageView>> {
    return this.subscriptions.list(caller, q.cursor, q.limit);
  }

  @Get(':id')
  @Roles('consumer', 'admin')
  @ApiOperation({ summary: 'One webhook (never its secret)' })
  @ApiParam({ name: 'id', description: 'wh_…' })
  @ApiView(webhookView)
  get(@Param('id') id: string, @Caller() caller: Principal): Promise<Webhook> {
    return this.subscriptions.get(id, caller);
  }

  @Patch(':id')
  @Roles('consumer')
  @ApiOperation({ summary: 'Change the target, events, filters or active flag' })
  @ApiParam({ name: 'id', description: 'wh_…' })
  @Audited('by-service')
  @ApiView(webhookView)
  update(
    @Param('id') id: string,
    @ZodBody(updateWebhookSchema) change: UpdateWebhook,
    @Caller() caller: Principal,
  ): Promise<Webhook> {
    return this.subscriptions.update(id, change, caller);
  }

  @Get(':id/egress-allow')
  @Roles('consumer', 'admin')
  @ApiOperation({ summary: "The webhook's egress allowlist (decision 022); only an admin may change it" })
  @ApiParam({ name: 'id', description: 'wh_…' })
  @ApiView(egressAllowView)
  async getEgressAllow(
    @Param('id') id: string,
    @Caller() caller: Principal,
  ): Promise<z.infer<typeof egressAllowView>> {
    const { egressAllow } = await this.subscriptions.get(id, caller);
    return { id, egressAllow };
  }

  @Put(':id/egress-allow')
  @Roles('admin')
  @ApiOperation({
    summary: 'Allowlist hosts or CIDRs this target may reach although they are not public (decision 022)',
    description:
      'Admin only: a consumer key cannot widen its own reach. Replaces the list. A host trusts whatever that name ' +
      'resolves to; a CIDR trusts those addresses. No wildcards, nothing wider than /8 or /7: 400 invalid_allowlist. ' +
      'Audited (webhook.egress_allow, before and after).',
  })
  @ApiParam({ name: 'id', description: 'wh_…' })
  @Audited('by-service')
  @ApiView(webhookView)
  setEgressAllow(
    @Param('id') id: string,
    @ZodBody(egressAllowSchema) body: EgressAllow,
    @Caller() caller: Principal,
  ): Promise<Webhook> {
    return this.subscriptions.setEgressAllow(id, body.allow, caller);
  }

  @Delete(':id')
  @Roles('consumer')
  @ApiOperation({ summary: 'Unsubscribe; pending deliveries and the log go with it' })
  @ApiParam({ name: 'id', description: 'wh_…' })
  @Audited('by-service')
  @ApiView(webhookView)
  remove(@Param('id') id: string, @Caller() caller: Principal): Promise<Webhook> {
    return this.subscriptions.remove(id, caller);
  }

  @Post(':id/rotate-secret')
  @Roles('consumer')
  @ApiOperation({
    summary: 'Replace the signing secret at once; the new one is in this response only',
    description: 'Retries still pending are signed with the new secret from their next attempt.',
  })
  @ApiParam({ name: 'id', description: 'wh_…' })
  @Audited('by-service')
  @ApiView(webhookIssuedView, HttpStatus.CREATED)
  rotateSecret(
    @Param('id') id: string,
    @Caller() caller: Principal,
  ): Promise<z.infer<typeof webhookIssuedView>> {
    return this.subscriptions.rotateSecret(id, caller);
  }

  @Get(':id/deliveries')
  @Roles('consumer', 'admin')
  @ApiOperation({ summary: 'Delivery log, newest first: status, attempts, last answer or error, timings' })
  @ApiParam({ name: 'id', description: 'wh_…' })
  @ApiView(deliveryPageView)
  listDeliveries(
    @Param('id') id: string,
    @ZodQuery(deliveriesQuerySchema) query: z.infer<typeof deliveriesQuerySchema>,
    @Caller() caller: Principal,
  ): Promise<z.infer<typeof deliveryPageView>> {
    return this.deliveries.list(id, caller, query);
  }

  @Post(':id/deliveries/:deliveryId/redeliver')
  @Roles('consumer')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Send a delivery again, as a new delivery of the same event',
    description: `At most WEBHOOKS_REDELIVER_PER_MINUTE per subscription; beyond, 429 redeliver_rate_limited with Retry-After (seconds until one more is allowed).`,
  })
  @Audited('by-service')
  @ApiParam({ name: 'id', description: 'wh_…' })
  @ApiParam({ name: 'deliveryId', description: 'whd_…' })
  @ApiView(deliveryView, HttpStatus.ACCEPTED)
  redeliver(
    @Param('id') id: string,
    @Param('deliveryId') deliveryId: string,
    @Caller() caller: Principal,
  ): Promise<z.infer<typeof deliveryView>> {
    return this.deliveries.redeliver(id, deliveryId, caller);
  }
}
