import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import cron, { type ScheduledTask } from 'node-cron';
import { ModelLifecycleError, ModelService, type TrainingPolicy } from '@minsheng/routing/models';
import { APP_CONFIG, APP_LOGGER, type AppConfig, type Logger } from '@minsheng/shared/runtime';

export function trainingPolicy(config: AppConfig): TrainingPolicy {
  return {
    windowDays: config.MODEL_TRAIN_WINDOW_DAYS,
    maxExamples: config.MODEL_TRAIN_MAX_EXAMPLES,
    minExamples: config.MODEL_MIN_EXAMPLES,
  };
}

/**
 * Trains a candidate model from the decided tickets on MODEL_TRAIN_CRON. A candidate routes nothing until an admin
 * publishes it: the schedule keeps a fresh model ready, people decide when it takes over. Replicas share the
 * schedule; the training lock lets one of them train and the others skip.
 */
@Injectable()
export class ModelTrainingScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private task?: ScheduledTask;

  constructor(
    @Inject(ModelService) private readonly models: ModelService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    const schedule = this.config.MODEL_TRAIN_CRON;
    if (schedule === 'off') return;
    this.task = cron.schedule(schedule, () => this.trainOnce(), {
      timezone: this.config.SCHEDULE_TIMEZONE,
      name: 'router:model-training',
      noOverlap: true,
    });
  }

  async trainOnce(): Promise<void> {
    try {
      const r = await this.models.train('schedule', 'schedule', trainingPolicy(this.config));
      this.logger.info(
        { modelVersion: r.version, created: r.created, examples: r.row.examples },
        'model trained',
      );
    } catch (e) {
      if (e instanceof ModelLifecycleError)
        this.logger.info({ code: e.code, reason: e.message }, 'scheduled model training skipped');
      else this.logger.error({ err: e }, 'scheduled model training failed');
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.task?.destroy();
  }
}
