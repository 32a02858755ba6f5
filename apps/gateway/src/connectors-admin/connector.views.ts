import { z } from 'zod';
import { view } from '../common/api-views';
import { fieldErrorView } from '../common/common.views';

const isoTime = z.string().describe('ISO 8601 date-time');
const nextCursor = z.string().nullable().describe('pass as `cursor` for the next page; null on the last');

export const connectorTypeView = view(
  'ConnectorType',
  z.object({
    type: z.string(),
    channel: z.string(),
    configSchema: z.unknown().describe('JSON Schema of the config; secret fields are writeOnly'),
    cursorSchema: z.unknown().describe('JSON Schema of the cursor PUT …/cursor accepts'),
    secretFields: z.array(z.string()).describe('dot paths of the write-only fields'),
  }),
);

export const configValidationView = view(
  'ConfigValidation',
  z.object({ valid: z.boolean(), errors: z.array(fieldErrorView) }),
);

export const checkResultView = view(
  'CheckResult',
  z.object({
    ok: z.boolean(),
    sample: z.number().int().describe('records fetched and parsed'),
    errors: z.array(z.object({ field: z.string().optional(), message: z.string() })),
  }),
);

export const runView = view(
  'ConnectorRun',
  z.object({
    id: z.string(),
    startedAt: isoTime,
    finishedAt: isoTime.nullable(),
    status: z.string(),
    fetched: z.number().int(),
    emitted: z.number().int(),
    unchanged: z.number().int(),
    quarantined: z.number().int(),
    error: z.string().nullable(),
  }),
);

export const runPageView = view('ConnectorRunPage', z.object({ runs: z.array(runView), nextCursor }));

export const statusView = view(
  'ConnectorStatus',
  z.object({
    id: z.string(),
    state: z.enum(['running', 'paused', 'stopped', 'failed', 'degraded']),
    reason: z
      .string()
      .nullable()
      .describe('why it is in that state: layout_changed, an error kind, an operator'),
    enabled: z.boolean(),
    lastRunAt: isoTime.nullable(),
    lastSuccessAt: isoTime.nullable(),
    lastError: z.string().nullable(),
    lastErrorKind: z.string().nullable(),
    consecutiveFailures: z.number().int(),
    retryAt: isoTime.nullable(),
    nextRunAt: isoTime.nullable(),
    runRequestedAt: isoTime.nullable(),
    counts: z.object({ fetched: z.number(), emitted: z.number(), quarantined: z.number() }),
    freshness: isoTime.nullable().describe('newest upstream submission time seen'),
    lastRun: runView.nullable(),
  }),
);

const circuitView = z.object({ host: z.string(), state: z.enum(['closed', 'open', 'half_open']) });

/** The stored status and what the connectors process knows now (decision 020). */
export const liveStatusView = view(
  'ConnectorLiveStatus',
  statusView.extend({
    live: z
      .object({
        by: z.string().describe('the connectors process that answered: connectors@host:pid'),
        scheduled: z.boolean().describe('it has a cron task for the instance'),
        nextFireAt: isoTime.nullable(),
        pulling: z.boolean().describe('a pull of the instance is in flight in that process'),
        pullStartedAt: isoTime.nullable(),
        circuits: z.array(circuitView).describe('the breaker of every host the config points at'),
      })
      .nullable()
      .describe('null when no connectors process answered within CONTROL_PLANE_TIMEOUT_MS'),
  }),
);

export const restartedView = view(
  'ConnectorRestarted',
  statusView.extend({
    restarted: z.boolean().describe('false: onlyFailed and it was neither failed nor degraded'),
  }),
);

export const instanceView = view(
  'ConnectorInstance',
  z.object({
    id: z.string(),
    type: z.string(),
    name: z.string(),
    config: z.record(z.string(), z.unknown()).describe('secret fields show as {"set": true}'),
    schedule: z.string(),
    enabled: z.boolean(),
    version: z.number().int(),
    egressAllow: z
      .array(z.string())
      .describe(
        'hosts or CIDRs an admin lets this instance reach although they are not public (decision 022)',
      ),
    createdAt: isoTime,
    updatedAt: isoTime,
    status: statusView,
  }),
);

export const cursorView = view(
  'ConnectorCursor',
  z.object({
    id: z.string(),
    cursor: z.record(z.string(), z.unknown()).nullable().describe('null: the next pull starts afresh'),
    updatedAt: isoTime.nullable(),
  }),
);

export const deadLetterView = view(
  'DeadLetter',
  z.object({
    id: z.string(),
    stage: z.string(),
    reasonCode: z.string(),
    reason: z.string(),
    topic: z.string().nullable(),
    partition: z.number().int().nullable(),
    offset: z.string().nullable(),
    messageKey: z.string().nullable(),
    connectorId: z.string().nullable().describe('connector-stage letters: the instance whose record failed'),
    payload: z.string().describe('the failed message or raw record, phone numbers masked'),
    createdAt: isoTime,
    replayedAt: isoTime.nullable(),
    notReplayable: z.string().nullable().describe('why not, when it cannot be replayed'),
  }),
);

export const deadLetterPageView = view(
  'DeadLetterPage',
  z.object({ deadLetters: z.array(deadLetterView), nextCursor }),
);

export const replayedView = view(
  'DeadLetterReplayed',
  deadLetterView.extend({ outboxId: z.string().describe('the outbox row that re-queues it') }),
);

export const pushChannelView = view(
  'PushChannel',
  z.object({
    channel: z.string(),
    secret: z.object({ set: z.literal(true) }).describe('write-only'),
    enabled: z.boolean(),
    maxBodyBytes: z.number().int(),
    createdAt: isoTime,
    updatedAt: isoTime,
  }),
);

export const pushChannelIssuedView = view(
  'PushChannelIssued',
  pushChannelView.extend({
    issuedSecret: z.string().optional().describe('the generated secret, in this response only'),
  }),
);
