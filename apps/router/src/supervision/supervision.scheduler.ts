import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ReferenceDataRepository } from '@minsheng/routing';
import { SupervisionRepository, SupervisionWatcher } from '@minsheng/routing/supervision';
import { APP_CONFIG, APP_LOGGER, type AppConfig, type Logger } from '@minsheng/shared/runtime';

/**
 * 督办 in the router, which owns the tickets' decisions: a pass every SUPERVISION_POLL_MS. Every replica runs it;
 * the watch records each event once whichever replica sees it first.
 */
@Injectable()
export class SupervisionScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  readonly watcher: SupervisionWatcher;

  constructor(
    @Inject(SupervisionRepository) repo: SupervisionRepository,
    @Inject(ReferenceDataRepository) reference: ReferenceDataRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {
    this.watcher = new SupervisionWatcher(repo, () => reference.loadCalendar(), {
      dueSoonWorkingDays: config.SUPERVISION_DUE_SOON_WORKING_DAYS,
      escalateAfterWorkingDays: config.SUPERVISION_ESCALATE_AFTER_WORKING_DAYS,
      cityOffice: config.SUPERVISION_CITY_OFFICE,
      batchSize: 2000,
    });
  }

  onApplicationBootstrap(): void {
    if (this.config.SUPERVISION_POLL_MS === 0) return;
    this.timer = setInterval(() => {
      this.running ??= this.pass().finally(() => (this.running = undefined));
    }, this.config.SUPERVISION_POLL_MS);
  }

  private async pass(): Promise<void> {
    try {
      const r = await this.watcher.tick(new Date());
      if (r.recorded.due_soon + r.recorded.overdue + r.recorded.escalated > 0)
        this.logger.info({ ...r.recorded, looked: r.looked }, 'supervision events recorded');
    } catch (e) {
      this.logger.warn({ err: e }, 'supervision pass failed; the next one tries again');
    }
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
