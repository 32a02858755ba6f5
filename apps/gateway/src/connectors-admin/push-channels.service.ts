import { randomBytes } from 'node:crypto';
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { type z } from 'zod';
import { AuditRepository } from '@minsheng/shared/audit';
import { type PushChannelRow, PushChannelsRepository } from '@minsheng/shared/connectors-store';
import { SecretBox } from '@minsheng/shared/secrets';
import { ApiError } from '../common/api-error';
import { ChannelOwners } from './channel-owners';
import { SECRET_SET } from '@minsheng/connector-sdk';
import {
  type createPushChannelSchema,
  type rotatePushSecretSchema,
  type updatePushChannelSchema,
} from './admin-schemas';

export interface PushChannelView {
  channel: string;
  secret: typeof SECRET_SET;
  enabled: boolean;
  maxBodyBytes: number;
  createdAt: string;
  updatedAt: string;
}

/** Answer to create and rotate: `issuedSecret` is the generated key, in this response only; absent when the operator set it. */
export type PushChannelIssued = PushChannelView & { issuedSecret?: string };

function view(r: PushChannelRow): PushChannelView {
  return {
    channel: r.channel,
    secret: SECRET_SET,
    enabled: r.enabled,
    maxBodyBytes: r.max_body_bytes,
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
  };
}

const auditOf = (r: PushChannelRow | undefined) =>
  r ? { enabled: r.enabled, maxBodyBytes: r.max_body_bytes, secret: SECRET_SET } : null;

/**
 * Operator CRUD of push channels (POST /intake/:channel). The HMAC key is sealed at rest like connector secrets and
 * never read back; rotating replaces it at once (the channel must switch to the new key; no overlap window yet).
 */
@Injectable()
export class PushChannelsService {
  constructor(
    private readonly channels: PushChannelsRepository,
    @Inject(SecretBox) private readonly box: SecretBox,
    private readonly auditLog: AuditRepository,
    private readonly owners: ChannelOwners,
  ) {}

  async list(): Promise<PushChannelView[]> {
    return (await this.channels.list()).map(view);
  }

  async get(channel: string): Promise<PushChannelView> {
    return view(await this.find(channel));
  }

  async create(spec: z.infer<typeof createPushChannelSchema>, actor: string): Promise<PushChannelIssued> {
    const secret = spec.secret ?? randomBytes(32).toString('base64url');
    return this.channels.transaction(async (tx) => {
      await this.owners.claim(tx, spec.channel, `push:${spec.channel}`);
      const row = await this.channels.insert(tx, {
        channel: spec.channel,
        sealedSecret: this.box.seal(secret),
        enabled: spec.enabled,
        maxBodyBytes: spec.maxBodyBytes,
      });
      if (!row) throw new ApiError('conflict', `push channel ${spec.channel} exists`, HttpStatus.CONFLICT);
      await this.audit(tx, actor, 'push_channel.create', spec.channel, undefined, row);
      return { ...view(row), ...(spec.secret ? {} : { issuedSecret: secret }) };
    });
  }

  async update(
    channel: string,
    patch: z.infer<typeof updatePushChannelSchema>,
    actor: string,
  ): Promise<PushChannelView> {
    return this.change(channel, actor, 'push_channel.update', (tx, before) =>
      this.channels.update(tx, channel, {
        enabled: patch.enabled ?? before.enabled,
        maxBodyBytes: patch.maxBodyBytes ?? before.max_body_bytes,
      }),
    ).then(view);
  }

  async rotate(
    channel: string,
    spec: z.infer<typeof rotatePushSecretSchema>,
    actor: string,
  ): Promise<PushChannelIssued> {
    const secret = spec.secret ?? randomBytes(32).toString('base64url');
    const row = await this.change(channel, actor, 'push_channel.rotate_secret', (tx) =>
      this.channels.replaceSecret(tx, channel, this.box.seal(secret)),
    );
    return { ...view(row), ...(spec.secret ? {} : { issuedSecret: secret }) };
  }

  async remove(channel: string, actor: string): Promise<PushChannelView> {
    let removed: PushChannelRow | undefined;
    await this.channels.transaction(async (tx) => {
      removed = await this.find(channel, tx);
      await this.channels.delete(tx, channel);
      await this.audit(tx, actor, 'push_channel.delete', channel, removed, undefined);
    });
    return view(removed!);
  }

  private async change(
    channel: string,
    actor: string,
    action: string,
    update: (tx: EntityManager, before: PushChannelRow) => Promise<PushChannelRow>,
  ): Promise<PushChannelRow> {
    return this.channels.transaction(async (tx) => {
      const before = await this.find(channel, tx);
      const after = await update(tx, before);
      await this.audit(tx, actor, action, channel, before, after);
      return after;
    });
  }

  /** Inside `tx`, the row is locked until it ends. */
  private async find(channel: string, tx?: EntityManager): Promise<PushChannelRow> {
    const row = await this.channels.find(channel, tx, tx !== undefined);
    if (!row)
      throw new ApiError('not_found', `no push channel ${JSON.stringify(channel)}`, HttpStatus.NOT_FOUND);
    return row;
  }

  private audit(
    tx: EntityManager,
    actor: string,
    action: string,
    channel: string,
    before: PushChannelRow | undefined,
    after: PushChannelRow | undefined,
  ): Promise<void> {
    return this.auditLog.record(tx, {
      actor,
      action,
      entity: 'push_channel',
      entityId: channel,
      before: auditOf(before),
      after: auditOf(after),
    });
  }
}
