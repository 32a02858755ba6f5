import { z } from 'zod';

/** For the OpenAPI document only; the tests check responses against hand-written GeoReport schemas in docs/open311. */
const text = z.string().nullable();
const time = z.string().describe('W3C date-time with offset, e.g. 2026-11-20T09:00:00+08:00');

export const serviceListSchema = z.array(
  z.object({
    service_code: z.string().describe('department code'),
    service_name: z.string(),
    description: z.string().describe('the matters the department handles'),
    metadata: z.literal(false),
    type: z.literal('realtime'),
    keywords: z.string().describe('comma-separated'),
    group: z.string(),
  }),
);

export const serviceRequestListSchema = z.array(
  z.object({
    service_request_id: z.string().describe('the appeal item id'),
    status: z.enum(['open', 'closed']),
    status_notes: text,
    service_name: text.describe('lead department'),
    service_code: text.describe('lead department code'),
    description: text.describe('the appeal text, personal data masked, at most 4,000 characters'),
    agency_responsible: text.describe('lead handling unit'),
    service_notice: text,
    requested_datetime: time,
    updated_datetime: time.nullable(),
    expected_datetime: time.nullable().describe('due date of the handling'),
    address: text,
    address_id: text.describe('division code (county, town or village)'),
    zipcode: text,
    lat: z.number().nullable().describe('WGS84'),
    long: z.number().nullable().describe('WGS84'),
    media_url: text,
  }),
);

export const open311ErrorSchema = z.array(
  z.object({ code: z.number().int().describe('the HTTP status'), description: z.string() }),
);

export const discoverySchema = z.object({
  changeset: z.string(),
  contact: z.string(),
  key_service: z.string(),
  endpoints: z.array(
    z.object({
      specification: z.string(),
      url: z.string(),
      changeset: z.string(),
      type: z.enum(['production', 'test']),
      formats: z.array(z.string()),
    }),
  ),
});

export const asOpenApi = (s: z.ZodType): object => z.toJSONSchema(s, { io: 'output' });
