import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { StatsRepository } from '@minsheng/routing/stats';
import { APP_CONFIG, APP_LOGGER, type AppConfig, type Logger } from '@minsheng/shared/runtime';

/**
 * 亮晒比: folds the statistics deltas the triggers append into the daily rollup every STATS_COMPACT_MS. Every replica
 * runs it; stats_compact() lets one through at a time. Readers count unfolded deltas too, so a late pass delays
 * nothing but the deltas table's cleanup (decision 035).
 */
@Injectable()
export class StatsCompactor implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    @Inject(StatsRepository) private readonly repo: StatsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.STATS_COMPACT_MS === 0) return;
    this.timer = setInterval(() => {
      this.running ??= this.pass().finally(() => (this.running = undefined));
    }, this.config.STATS_COMPACT_MS);
  }

  private async pass(): Promise<void> {
    try {
      // A backlog (after a bulk load) goes in slices, each its own short transaction.
      let folded = 0;
      do folded = await this.repo.compact(50_000);
      while (folded === 50_000);
    } catch (e) {
      this.logger.warn({ err: e }, 'statistics compaction failed; the next pass tries again');
    }
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
