import { HttpStatus, Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { ConnectorInstancesRepository, PushChannelsRepository } from '@minsheng/shared/connectors-store';
import { ApiError } from '../common/api-error';
import { ConnectorCatalog } from './connector-catalog';

/**
 * Who may feed a channel name (docs/decisions/024-feedback-authority.md). Item ids are derived from (channel,
 * external id), so two sources on one name could rewrite each other's items. A source is a connector type with a
 * fixed channel (all its instances: `type:<type>`), one instance of a type whose config names the channel
 * (http_json: `connector:<id>`), or one push channel (`push:<name>`). Ownership is not stored: it follows from the
 * registry and the rows, read under an advisory lock on the name, so two creates of one name cannot both pass.
 */
export type ChannelSource = `type:${string}` | `connector:${string}` | `push:${string}`;

@Injectable()
export class ChannelOwners {
  constructor(
    private readonly catalog: ConnectorCatalog,
    private readonly instances: ConnectorInstancesRepository,
    private readonly pushChannels: PushChannelsRepository,
  ) {}

  /** The source an instance of `type` with this config is: the type for a fixed channel, else the instance itself. */
  sourceOf(type: string, id: string, config: unknown): { channel: string; source: ChannelSource } {
    const t = this.catalog.entry(type).type;
    if (!t.channelOf) return { channel: t.channel, source: `type:${type}` };
    return { channel: t.channelOf(config), source: `connector:${id}` };
  }

  /** 409 channel_taken when any other source feeds `channel`; holds the name's lock until `tx` ends. */
  async claim(tx: EntityManager, channel: string, self: ChannelSource): Promise<void> {
    await this.pushChannels.lockChannelName(tx, channel);
    const others = (await this.sources(channel)).filter((s) => s !== self);
    if (others.length)
      throw new ApiError(
        'channel_taken',
        `channel ${JSON.stringify(channel)} is fed by ${others.join(', ')}: one channel name, one source`,
        HttpStatus.CONFLICT,
      );
  }

  private async sources(channel: string): Promise<ChannelSource[]> {
    const found = new Set<ChannelSource>();
    for (const t of this.catalog.definitions())
      if (!t.channelOf && t.channel === channel) found.add(`type:${t.type}`);
    for (const row of await this.instances.list()) {
      const s = this.sourceOf(row.type, row.id, row.config);
      if (s.channel === channel) found.add(s.source);
    }
    if (await this.pushChannels.find(channel)) found.add(`push:${channel}`);
    return [...found];
  }
}
