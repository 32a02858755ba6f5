import { z } from 'zod';
import { appealTypeSchema, channelSchema } from '@minsheng/shared/contracts';
import { DOT_PATH } from './json-path';
import { TIME_FORMATS } from './time-format';

const path = (what: string) =>
  z
    .string()
    .regex(DOT_PATH, 'must be a dot path like a.b.c or a[0].b')
    .describe(`Dot path (a.b.c, a[0].b) to ${what}`);
const param = (what: string) =>
  z.string().min(1).max(100).describe(`Name of the request parameter carrying ${what}`);
const timeFormat = z
  .enum(TIME_FORMATS)
  .describe(
    'iso: ISO 8601 with an offset; epoch_ms / epoch_s: Unix time; shanghai: Asia/Shanghai wall time "yyyy-MM-dd HH:mm:ss"',
  );

/** A secret object comes back from its seal as JSON text. */
function jsonText(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  try {
    return JSON.parse(v) as unknown;
  } catch {
    return v;
  }
}

export const httpJsonAuthSchema = z
  .discriminatedUnion('kind', [
    z.object({
      kind: z.literal('bearer'),
      token: z.string().min(1).meta({ writeOnly: true }).describe('Sent as "Authorization: Bearer <token>"'),
    }),
    z.object({
      kind: z.literal('header'),
      name: z
        .string()
        .regex(/^[A-Za-z0-9-]+$/, 'must be an HTTP header name')
        .describe('Header name, e.g. X-App-Key'),
      value: z.string().min(1).meta({ writeOnly: true }).describe('Header value (secret)'),
    }),
    z.object({
      kind: z.literal('query'),
      name: param('the key'),
      value: z
        .string()
        .min(1)
        .meta({ writeOnly: true })
        .describe('Key value, sent in the query string (secret)'),
    }),
  ])
  .describe('How the source authenticates us');

export const httpJsonPagingSchema = z
  .discriminatedUnion('style', [
    z
      .object({
        style: z.literal('page'),
        pageParam: param('the page number'),
        sizeParam: param('the page size').optional(),
        size: z.number().int().min(1).max(1000).describe('Records per page (a shorter page is the last one)'),
        startAt: z
          .union([z.literal(0), z.literal(1)])
          .default(1)
          .describe('Number of the first page'),
      })
      .describe('Numbered pages'),
    z
      .object({
        style: z.literal('offset'),
        offsetParam: param('the offset'),
        limitParam: param('the limit'),
        limit: z.number().int().min(1).max(1000).describe('Records per request'),
      })
      .describe('Offset and limit'),
    z
      .object({
        style: z.literal('cursor'),
        cursorParam: param('the opaque cursor'),
        nextCursorPath: path('the next cursor in the response; null, empty or absent ends the walk'),
      })
      .describe('Opaque cursor returned by each response'),
    z
      .object({
        style: z.literal('lastId'),
        lastIdParam: param('the id of the last record seen'),
        idPath: path('the id within a record (ids increase)'),
      })
      .describe('Keyset paging: records after the last id seen'),
    z.object({ style: z.literal('none') }).describe('One request returns everything'),
  ])
  .describe('How the source pages');

export const httpJsonMappingSchema = z
  .object({
    externalId: path("the record's stable id upstream"),
    content: z
      .union([path('the appeal text'), z.array(path('a part of the appeal text')).min(1).max(10)])
      .describe('Appeal text; several paths are joined with a newline (missing parts are skipped)'),
    title: path('the title').optional(),
    submittedAt: z
      .object({ path: path('when the citizen submitted'), format: timeFormat })
      .optional()
      .describe('Submission time; when absent, the incremental field is used'),
    appealType: z
      .object({
        path: path('the upstream appeal type'),
        values: z
          .record(z.string(), appealTypeSchema)
          .describe('Upstream value -> AppealType, e.g. {"投诉": "complaint"}; unlisted values are "other"'),
      })
      .optional()
      .describe('Appeal type; "other" when absent'),
    address: path('the address text').optional(),
    adcode: path('the 6/9/12-digit administrative code').optional(),
    lat: path('the latitude').optional(),
    lng: path('the longitude').optional(),
    crs: z.enum(['wgs84', 'gcj02', 'bd09']).optional().describe('Coordinate system of lat/lng'),
    phone: path('the contact phone (hashed and masked here; never passed on in clear)').optional(),
    name: path("the citizen's name (masked)").optional(),
    sourceTypeLabel: path('the upstream type label, kept as shown').optional(),
    sourceDomainLabel: path('the upstream domain / category label').optional(),
    externalUrl: z
      .string()
      .min(1)
      .describe(
        'Dot path to the detail URL, or a template like https://x/detail/{id} ({id} = externalId, {a.b} = value at a dot path)',
      )
      .optional(),
    status: path('the upstream handling status').optional(),
    reply: path("the department's reply").optional(),
    attachments: z
      .object({
        path: path('the list of attachments (URLs, or objects holding one)'),
        url: path("an attachment's URL inside one list entry (absent: the entry is the URL)").optional(),
        type: path("an attachment's type label inside one list entry (图片, video …)").optional(),
      })
      .optional()
      .describe('Photos, videos and files of the record; the connectors fetch and store them (decision 021)'),
    publicVisible: z.boolean().default(false).describe('Whether the channel shows the appeal publicly'),
  })
  .describe('Where each AppealItem field is in a record');

export const httpJsonConfigSchema = z
  .object({
    channel: channelSchema.describe('AppealItem channel, e.g. gov_supervision, new_media, miniapp'),
    url: z.url().describe('List endpoint; static query parameters may be part of it'),
    method: z
      .enum(['GET', 'POST'])
      .default('GET')
      .describe('POST sends paging and incremental parameters in the JSON body'),
    // Secret as a whole (decision 022): a static header or body is where an API key usually hides. Sealed at rest as
    // its JSON text, which is read back into the object here.
    body: z
      .preprocess(jsonText, z.record(z.string(), z.unknown()))
      .optional()
      .meta({ writeOnly: true })
      .describe('Static JSON body of a POST (secret)'),
    headers: z
      .preprocess(jsonText, z.record(z.string(), z.string()))
      .optional()
      .meta({ writeOnly: true })
      .describe('Static request headers (secret)'),
    auth: httpJsonAuthSchema.optional(),
    paging: httpJsonPagingSchema,
    recordsPath: path('the array of records in a response, e.g. data.list'),
    incremental: z
      .object({
        param: param('the high-water mark (records changed since)'),
        fromPath: path('the change time within a record, e.g. updatedAt'),
        format: timeFormat,
      })
      .optional()
      .describe('Incremental pulls: the cursor keeps the newest value seen and sends it the next run'),
    mapping: httpJsonMappingSchema,
    maxPages: z
      .number()
      .int()
      .min(1)
      .max(1000)
      .default(20)
      .describe('Requests per run; a longer walk continues next run'),
    timeoutMs: z.number().int().min(100).max(120000).default(15000),
  })
  .superRefine((c, ctx) => {
    if (!c.mapping.submittedAt && !c.incremental) {
      ctx.addIssue({
        code: 'custom',
        path: ['mapping', 'submittedAt'],
        message: 'mapping.submittedAt is required unless incremental is configured',
      });
    }
    if (c.body && c.method !== 'POST') {
      ctx.addIssue({ code: 'custom', path: ['body'], message: 'a body needs method POST' });
    }
    const url = c.mapping.externalUrl;
    if (url !== undefined && !url.includes('{') && !DOT_PATH.test(url)) {
      ctx.addIssue({
        code: 'custom',
        path: ['mapping', 'externalUrl'],
        message: 'must be a dot path or a template with {id} / {a.b} placeholders',
      });
    }
  });

export type HttpJsonConfig = z.infer<typeof httpJsonConfigSchema>;
export type HttpJsonMapping = HttpJsonConfig['mapping'];
export type HttpJsonPaging = HttpJsonConfig['paging'];
