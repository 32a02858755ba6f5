import { Inject, Injectable } from '@nestjs/common';
import { type LearnedRouting } from '@minsheng/routing/learned';
import { ModelService } from '@minsheng/routing/models';

/**
 * The published model as this router holds it. Polled with the rule sets: a publish, a rollback or a threshold
 * change reaches routing from the next batch, without a restart; the model is read only when its stamp changed.
 */
@Injectable()
export class PublishedModel {
  private stamp: string | null = null;
  private current: LearnedRouting | undefined;

  constructor(@Inject(ModelService) private readonly models: ModelService) {}

  /** True when what routing should use changed since the last call. */
  async refresh(): Promise<boolean> {
    const published = await this.models.publishedStamp();
    const stamp = published ? `${published.version}@${published.changedAt}` : null;
    if (stamp === this.stamp) return false;
    this.current = published ? await this.models.learnedRouting(published.version) : undefined;
    this.stamp = stamp;
    return true;
  }

  get learned(): LearnedRouting | undefined {
    return this.current;
  }

  get version(): string | null {
    return this.current?.suggester.version ?? null;
  }
}
