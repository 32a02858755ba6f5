import { Inject, Injectable } from '@nestjs/common';
import { ConnectorInstancesRepository } from '@minsheng/shared/connectors-store';
import { ControlError, type LiveStatus } from '@minsheng/shared/control';
import { hostKey, HttpFetcher } from '@minsheng/connector-sdk/http';
import { ConnectorScheduler } from '../framework/scheduler.service';

/** The hosts a config points at: every string in it that is an http(s) URL (the breaker works per host). */
export function configHosts(config: unknown): string[] {
  const hosts = new Set<string>();
  const walk = (v: unknown): void => {
    if (typeof v === 'string' && /^https?:\/\//i.test(v)) hosts.add(hostKey(v));
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(config);
  return [...hosts].sort();
}

/** The part of an instance's status only this process knows; the gateway merges it into the stored status. */
@Injectable()
export class LiveStatusReader {
  constructor(
    @Inject(ConnectorScheduler) private readonly scheduler: ConnectorScheduler,
    @Inject(HttpFetcher) private readonly http: HttpFetcher,
    @Inject(ConnectorInstancesRepository) private readonly instances: ConnectorInstancesRepository,
  ) {}

  async read(id: string, by: string): Promise<LiveStatus> {
    const row = await this.instances.find(id);
    if (!row) throw new ControlError('not_found', `no connector instance ${JSON.stringify(id)}`);
    const { scheduled, nextFireAt, pullStartedAt } = this.scheduler.liveOf(id);
    return {
      by,
      scheduled,
      nextFireAt: nextFireAt?.toISOString() ?? null,
      pulling: pullStartedAt !== null,
      pullStartedAt: pullStartedAt?.toISOString() ?? null,
      circuits: configHosts(row.config).map((host) => ({
        host,
        state: this.http.breaker.state(host),
      })),
    };
  }
}
