import { Inject, Injectable } from '@nestjs/common';
import { DatabaseRepository } from '@minsheng/shared/db';
import { KafkaProbe, probe, type ProbeReport } from '@minsheng/shared/observability';

/**
 * Readiness is PostgreSQL only: reads come from it and push intake writes through its outbox, so the gateway serves
 * both while Kafka is down. Kafka is reported by /health (compatibility) from the cached probe, never a connection per
 * request. Answers carry up/down, never an error text: they are public.
 */
@Injectable()
export class HealthService {
  constructor(
    private readonly database: DatabaseRepository,
    @Inject(KafkaProbe) private readonly kafka: KafkaProbe,
  ) {}

  private postgres = async (): Promise<boolean> => {
    await this.database.ping();
    return true;
  };

  ready(): Promise<ProbeReport> {
    return probe({ postgres: this.postgres });
  }

  /** The old /health: ok only with both up (503 otherwise), as load balancers and the demo expect. */
  all(): Promise<ProbeReport> {
    return probe({ postgres: this.postgres, kafka: () => this.kafka.up() });
  }
}
