import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ReferenceDataRepository } from '@minsheng/routing';
import { HotspotJob, HotspotsRepository, type HotspotSettings } from '@minsheng/routing/hotspots';
import { APP_CONFIG, APP_LOGGER, type AppConfig, type Logger } from '@minsheng/shared/runtime';

export function hotspotSettings(config: AppConfig): HotspotSettings {
  return {
    windowDays: config.HOTSPOT_WINDOW_DAYS,
    minCount: config.HOTSPOT_MIN_COUNT,
    minRatio: config.HOTSPOT_MIN_RATIO,
    alpha: config.HOTSPOT_ALPHA,
    phrases: config.HOTSPOT_PHRASES,
    sampleSize: 5,
  };
}

/**
 * 热点 in the router, beside 督办: a detection pass every HOTSPOT_POLL_MS. Every replica schedules it; the advisory
 * lock lets one of them detect at a time, and the unique key records each hotspot once whichever does.
 */
@Injectable()
export class HotspotScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  readonly job: HotspotJob;

  constructor(
    @Inject(HotspotsRepository) repo: HotspotsRepository,
    @Inject(ReferenceDataRepository) reference: ReferenceDataRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {
    this.job = new HotspotJob(repo, () => reference.loadCalendar(), hotspotSettings(config));
  }

  onApplicationBootstrap(): void {
    if (this.config.HOTSPOT_POLL_MS === 0) return;
    this.timer = setInterval(() => {
      this.running ??= this.pass().finally(() => (this.running = undefined));
    }, this.config.HOTSPOT_POLL_MS);
  }

  private async pass(): Promise<void> {
    try {
      const r = await this.job.tick(new Date());
      if (r.recorded.length)
        this.logger.info(
          {
            days: r.days,
            hotspots: r.recorded.map((h) => `${h.day} ${h.topic.kind}:${h.topic.value}@${h.place.code}`),
          },
          'hotspots recorded',
        );
    } catch (e) {
      this.logger.warn({ err: e }, 'hotspot pass failed; the next one tries again');
    }
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
