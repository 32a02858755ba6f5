import { Inject, Injectable } from '@nestjs/common';
import { type Kafka } from 'kafkajs';
import { DatabaseRepository } from '@minsheng/shared/db';
import { KAFKA } from '@minsheng/shared/runtime';

export interface DependencyHealth {
  status: 'up' | 'down';
  latencyMs: number;
  error?: string;
}

export interface HealthReport {
  status: 'ok' | 'degraded';
  checks: { postgres: DependencyHealth; kafka: DependencyHealth };
}

const CHECK_TIMEOUT_MS = 3000;

async function timed(check: () => Promise<unknown>): Promise<DependencyHealth> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)),
          CHECK_TIMEOUT_MS,
        );
      }),
    ]);
    return { status: 'up', latencyMs: Date.now() - started };
  } catch (e) {
    return { status: 'down', latencyMs: Date.now() - started, error: (e as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

@Injectable()
export class HealthService {
  constructor(
    private readonly database: DatabaseRepository,
    @Inject(KAFKA) private readonly kafka: Kafka,
  ) {}

  async check(): Promise<HealthReport> {
    const [postgres, kafka] = await Promise.all([
      timed(() => this.database.ping()),
      timed(async () => {
        const admin = this.kafka.admin();
        await admin.connect();
        try {
          await admin.describeCluster();
        } finally {
          await admin.disconnect();
        }
      }),
    ]);
    return {
      status: postgres.status === 'up' && kafka.status === 'up' ? 'ok' : 'degraded',
      checks: { postgres, kafka },
    };
  }
}
