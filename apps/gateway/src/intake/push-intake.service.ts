import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { channelSchema } from '@minsheng/shared/contracts';
import { appealId, sha256Hex } from '@minsheng/shared/ids';
import { checkDraft, IngestRepository, type IngestInstance } from '@minsheng/shared/ingest';
import { type PushChannelRow, PushChannelsRepository } from '@minsheng/shared/connectors-store';
import { APP_CONFIG, APP_LOGGER, type AppConfig, type Logger } from '@minsheng/shared/runtime';
import { SecretBox } from '@minsheng/shared/secrets';
import { GatewayMetrics } from '../metrics/gateway-metrics';
import { IntakeError } from './intake-error';
import { PUSH_BODY_CAP_BYTES } from './push-body-cap';
import { parsePushBody, toDraft } from './push-body.schema';
import { verifyPushSignature } from './push-signature';

export const PUSH_PARSER_VERSION = 'push/1';
/** push_channels.max_body_bytes' default, given to the decoy row of an unknown channel. */
const DEFAULT_MAX_BODY_BYTES = 262144;

/** One delivery as the controller saw it; the body is never logged. */
export interface PushDelivery {
  /** The exact bytes received; absent when the request was not JSON (the JSON parser did not read it). */
  rawBody?: Buffer;
  body: unknown;
  contentLength?: string;
  timestamp?: string;
  signature?: string;
}

export interface PushAccepted {
  id: string;
  revision: number;
  status: 'created' | 'updated' | 'unchanged';
}

/**
 * Push intake: a channel POSTs one appeal, signed with its secret. Accepted deliveries go through the same ingest
 * transaction as pulled records (raw capture + item revision + outbox row), so a retry is 'unchanged', never a second item.
 */
@Injectable()
export class PushIntakeService {
  private readonly decoySecret = randomBytes(32).toString('base64url');

  constructor(
    private readonly ingest: IngestRepository,
    private readonly channels: PushChannelsRepository,
    @Inject(SecretBox) private readonly secrets: SecretBox,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(APP_LOGGER) private readonly logger: Logger,
    @Inject(GatewayMetrics) private readonly metrics: GatewayMetrics,
  ) {}

  async accept(channelName: string, delivery: PushDelivery): Promise<PushAccepted> {
    // No credentials at all is answered before the channel lookup: an anonymous caller learns nothing about which
    // channels exist, and intake answers 401 like every other non-public route.
    if (!delivery.signature || !delivery.timestamp)
      throw new IntakeError(
        'bad_signature',
        'a push delivery needs the X-Minsheng-Timestamp and X-Minsheng-Signature headers',
      );
    const channel = await this.findChannel(channelName);
    const bytes = Math.max(Number(delivery.contentLength ?? 0), delivery.rawBody?.length ?? 0);
    this.checkSize(channel.channel, bytes, PUSH_BODY_CAP_BYTES);
    if (!delivery.rawBody) {
      this.refused(channel.channel, 'invalid_body', { reason: 'not json' });
      throw new IntakeError('invalid_body', 'expected a JSON body (Content-Type: application/json)');
    }
    const signed = verifyPushSignature(
      channel.enabled ? this.secrets.open(channel.secret) : channel.secret,
      delivery.rawBody,
      delivery.timestamp,
      delivery.signature,
    );
    if (!signed.ok || !channel.enabled) {
      const reason = signed.ok ? 'signature does not match' : signed.reason;
      this.refused(channel.channel, 'bad_signature', { reason });
      throw new IntakeError('bad_signature', reason);
    }
    // The channel's own limit only once the caller has proved it holds the secret: answered before the signature,
    // a 413 here and a 401 for an unknown name would tell which channel names exist.
    this.checkSize(channel.channel, bytes, channel.max_body_bytes);
    const parsed = parsePushBody(delivery.body);
    if (!parsed.ok) {
      this.refused(channel.channel, 'invalid_body', { fields: parsed.errors.map((e) => e.field) });
      throw new IntakeError(
        'invalid_body',
        parsed.errors.map((e) => `${e.field}: ${e.message}`).join('; '),
        parsed.errors,
      );
    }
    const body = parsed.value;
    const instance: IngestInstance = {
      id: `push:${channel.channel}`,
      channel: channel.channel,
      system: 'push',
      parserVersion: PUSH_PARSER_VERSION,
    };
    const receivedAt = new Date();
    const submittedAt =
      body.submittedAt ??
      (await this.ingest.firstSubmittedAt(appealId(channel.channel, body.externalId))) ??
      receivedAt.toISOString();
    const draft = toDraft(body, submittedAt, this.config.PII_HASH_KEY);
    const problems = checkDraft(instance, body.externalId, draft);
    if (problems.length) {
      const errors = problems.map((p) => {
        const at = p.indexOf(': ');
        return { field: p.slice(0, at), message: p.slice(at + 2) };
      });
      this.refused(channel.channel, 'invalid_body', { fields: errors.map((e) => e.field) });
      throw new IntakeError('invalid_body', problems.join('; '), errors);
    }
    const raw = delivery.rawBody.toString('utf8');
    const itemId = appealId(channel.channel, body.externalId);
    const [outcome] = await this.ingest.writeRecords(
      instance,
      [{ externalId: body.externalId, raw, contentType: 'application/json', draft }],
      receivedAt,
      async (tx) => {
        // A replay inside the signature window must not roll the item back to an older body.
        if (!(await this.channels.advanceItemClock(tx, itemId, Number(delivery.timestamp), sha256Hex(raw)))) {
          this.refused(channel.channel, 'stale_delivery', { id: itemId });
          throw new IntakeError(
            'stale_delivery',
            `a newer delivery of ${body.externalId} was already accepted: an older one (a replay) cannot replace it`,
          );
        }
      },
    );
    if (outcome.reasonCode === 'not_owner') {
      // The item was made by another source feeding this channel name: dead-lettered, never overwritten.
      this.refused(channel.channel, 'not_owner', { id: outcome.id });
      throw new IntakeError('not_owner', `item ${outcome.id} belongs to another source of this channel`);
    }
    if (outcome.status === 'quarantined' || outcome.revision === null) {
      // checkDraft ran the same contract first, so this means the two drifted apart: a bug, not the caller's fault.
      throw new Error(`push delivery for ${outcome.id} was quarantined`);
    }
    const accepted: PushAccepted = { id: outcome.id, revision: outcome.revision, status: outcome.status };
    this.metrics.itemPushed(channel.channel);
    this.logger.info({ channel: channel.channel, ...accepted, bytes }, 'push delivery accepted');
    return accepted;
  }

  /**
   * An unknown or disabled channel is answered exactly like a known one whose signature does not match: it goes
   * through the same checks with a decoy row (the default size limit, a random key nobody holds), so neither the
   * status, the code nor the message tells which channel names exist (issue 12).
   */
  private async findChannel(name: string): Promise<PushChannelRow> {
    if (channelSchema.safeParse(name).success) {
      const row = await this.channels.find(name);
      if (row?.enabled) return row;
    }
    this.refused(name.slice(0, 40), 'unknown_channel', {});
    return {
      channel: name.slice(0, 40),
      secret: this.decoySecret,
      enabled: false,
      max_body_bytes: DEFAULT_MAX_BODY_BYTES,
      created_at: new Date(0),
      updated_at: new Date(0),
    };
  }

  private checkSize(channel: string, bytes: number, limit: number): void {
    if (bytes <= limit) return;
    this.refused(channel, 'payload_too_large', { bytes });
    throw new IntakeError('payload_too_large', `body exceeds ${limit} bytes`);
  }

  private refused(channel: string, code: string, detail: Record<string, unknown>): void {
    this.logger.warn({ channel, code, ...detail }, 'push delivery refused');
  }
}
