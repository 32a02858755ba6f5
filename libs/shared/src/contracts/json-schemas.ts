import { z } from 'zod';
import { appealItemV1Schema } from './appeal-item.v1';
import { deadLetterV1Schema } from './dead-letter.v1';
import { feedbackV1Schema } from './feedback.v1';
import { routedTicketV1Schema } from './routed-ticket.v1';
import { supervisionEventV1Schema } from './supervision-event.v1';
import { hotspotEventV1Schema } from './hotspot-event.v1';

/** The contracts as published JSON Schemas (docs/schemas/ and GET /schemas/*): file name → schema. */
export function contractJsonSchemas(): Record<string, unknown> {
  const io = { io: 'input' as const, unrepresentable: 'any' as const };
  return {
    'appeal-item.v1.json': z.toJSONSchema(appealItemV1Schema, io),
    'routed-ticket.v1.json': z.toJSONSchema(routedTicketV1Schema, io),
    'feedback.v1.json': z.toJSONSchema(feedbackV1Schema, io),
    'dead-letter.v1.json': z.toJSONSchema(deadLetterV1Schema, io),
    'supervision-event.v1.json': z.toJSONSchema(supervisionEventV1Schema, io),
    'hotspot-event.v1.json': z.toJSONSchema(hotspotEventV1Schema, io),
  };
}
