import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Patch,
  Post,
  Query,
  Req,
} from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { WEBHOOK_DELIVERY_STATUSES } from '@minsheng/shared/db';
import { markAudited } from '../audit/audit.interceptor';
import { type AuthedRequest } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { parseBody } from '../common/parse-body';
import { type DeliveryView, WebhookDeliveriesService } from './webhook-deliveries.service';
import {
  createWebhookSchema,
  deliveriesQuerySchema,
  listQuerySchema,
  updateWebhookSchema,
} from './webhook-schemas';
import { type WebhookView, WebhookSubscriptionsService } from './webhook-subscriptions.service';

const bodySchema = (s: z.ZodType) => z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as object;

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
  @ApiBody({ schema: bodySchema(createWebhookSchema) })
  create(
    @Body() body: unknown,
    @Req() req: AuthedRequest,
  ): Promise<{ subscription: WebhookView; secret: string }> {
    const spec = parseBody(createWebhookSchema, body);
    markAudited(req);
    return this.subscriptions.create(spec, req.principal!);
  }

  @Get()
  @Roles('consumer', 'admin')
  @ApiOperation({
    summary: "The key's webhooks (an admin: every key's), oldest first; `nextCursor` pages on",
  })
  @ApiQuery({ name: 'cursor', required: false })
  @ApiQuery({ name: 'limit', required: false })
  list(@Query() query: unknown, @Req() req: AuthedRequest) {
    const q = parseBody(listQuerySchema, query);
    return this.subscriptions.list(req.principal!, q.cursor, q.limit);
  }

  @Get(':id')
  @Roles('consumer', 'admin')
  @ApiOperation({ summary: 'One webhook (never its secret)' })
  @ApiParam({ name: 'id', description: 'wh_…' })
  get(@Param('id') id: string, @Req() req: AuthedRequest): Promise<WebhookView> {
    return this.subscriptions.get(id, req.principal!);
  }

  @Patch(':id')
  @Roles('consumer')
  @ApiOperation({ summary: 'Change the target, events, filters or active flag' })
  @ApiParam({ name: 'id', description: 'wh_…' })
  @ApiBody({ schema: bodySchema(updateWebhookSchema) })
  update(@Param('id') id: string, @Body() body: unknown, @Req() req: AuthedRequest): Promise<WebhookView> {
    const change = parseBody(updateWebhookSchema, body);
    markAudited(req);
    return this.subscriptions.update(id, change, req.principal!);
  }

  @Delete(':id')
  @Roles('consumer')
  @ApiOperation({ summary: 'Unsubscribe; pending deliveries and the log go with it' })
  @ApiParam({ name: 'id', description: 'wh_…' })
  remove(@Param('id') id: string, @Req() req: AuthedRequest): Promise<WebhookView> {
    markAudited(req);
    return this.subscriptions.remove(id, req.principal!);
  }

  @Post(':id/rotate-secret')
  @Roles('consumer')
  @ApiOperation({
    summary: 'Replace the signing secret at once; the new one is in this response only',
    description: 'Retries still pending are signed with the new secret from their next attempt.',
  })
  @ApiParam({ name: 'id', description: 'wh_…' })
  rotateSecret(
    @Param('id') id: string,
    @Req() req: AuthedRequest,
  ): Promise<{ subscription: WebhookView; secret: string }> {
    markAudited(req);
    return this.subscriptions.rotateSecret(id, req.principal!);
  }

  @Get(':id/deliveries')
  @Roles('consumer', 'admin')
  @ApiOperation({ summary: 'Delivery log, newest first: status, attempts, last answer or error, timings' })
  @ApiParam({ name: 'id', description: 'wh_…' })
  @ApiQuery({ name: 'status', required: false, enum: WEBHOOK_DELIVERY_STATUSES })
  @ApiQuery({ name: 'cursor', required: false })
  @ApiQuery({ name: 'limit', required: false })
  listDeliveries(
    @Param('id') id: string,
    @Query() query: unknown,
    @Req() req: AuthedRequest,
  ): Promise<{ deliveries: DeliveryView[]; nextCursor: string | null }> {
    return this.deliveries.list(id, req.principal!, parseBody(deliveriesQuerySchema, query));
  }

  @Post(':id/deliveries/:deliveryId/redeliver')
  @Roles('consumer')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Send a delivery again, as a new delivery of the same event' })
  @ApiParam({ name: 'id', description: 'wh_…' })
  @ApiParam({ name: 'deliveryId', description: 'whd_…' })
  redeliver(
    @Param('id') id: string,
    @Param('deliveryId') deliveryId: string,
    @Req() req: AuthedRequest,
  ): Promise<DeliveryView> {
    markAudited(req);
    return this.deliveries.redeliver(id, deliveryId, req.principal!);
  }
}
