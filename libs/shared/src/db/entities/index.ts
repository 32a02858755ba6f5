import { FeedbackRequestEntity, PushItemClockEntity } from './authority.entities';
import { ConnectorCursorEntity, ConnectorInstanceEntity, ConnectorRunEntity } from './connector.entities';
import {
  AppealItemEntity,
  AppealItemHeadEntity,
  DeadLetterEntity,
  OutboxEntity,
  RawCaptureEntity,
} from './item.entities';
import {
  CalendarDayEntity,
  CalendarYearEntity,
  DepartmentEntity,
  DivisionEntity,
  ReferenceDataVersionEntity,
} from './reference.entities';
import { PushChannelEntity } from './push-channel.entity';
import { ApiKeyEntity } from './api-key.entity';
import { TicketHeadEntity } from './ticket-head.entity';
import { WebhookDeliveryEntity, WebhookSubscriptionEntity } from './webhook.entities';
import { RoutingDecisionEntity, RuleSetEntity } from './routing.entities';
import {
  AuditLogEntity,
  ChannelHintEntity,
  FeedbackEventEntity,
  ItemFingerprintEntity,
  JurisdictionAliasEntity,
  UnitEntity,
} from './router-reference.entities';

export * from './connector.entities';
export * from './item.entities';
export * from './reference.entities';
export * from './routing.entities';
export * from './router-reference.entities';
export * from './push-channel.entity';
export * from './api-key.entity';
export * from './ticket-head.entity';
export * from './webhook.entities';
export * from './authority.entities';

export const ENTITIES = [
  ConnectorInstanceEntity,
  ConnectorCursorEntity,
  ConnectorRunEntity,
  RawCaptureEntity,
  AppealItemEntity,
  AppealItemHeadEntity,
  OutboxEntity,
  DeadLetterEntity,
  DivisionEntity,
  DepartmentEntity,
  CalendarDayEntity,
  CalendarYearEntity,
  RuleSetEntity,
  RoutingDecisionEntity,
  JurisdictionAliasEntity,
  ChannelHintEntity,
  UnitEntity,
  AuditLogEntity,
  ItemFingerprintEntity,
  FeedbackEventEntity,
  PushChannelEntity,
  ApiKeyEntity,
  TicketHeadEntity,
  ReferenceDataVersionEntity,
  WebhookSubscriptionEntity,
  WebhookDeliveryEntity,
  FeedbackRequestEntity,
  PushItemClockEntity,
];
