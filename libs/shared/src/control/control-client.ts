import { randomUUID } from 'node:crypto';
import { ClientKafka } from '@nestjs/microservices';
import { Kafka } from 'kafkajs';
import { firstValueFrom, throwError } from 'rxjs';
import { catchError, filter, take, tap, timeout } from 'rxjs/operators';
import { type TopicReplication } from '../kafka/ensure-topics';
import { kafkaConfig, type KafkaConnection } from '../kafka/kafka-client';
import { currentCorrelationId } from '../logging/correlation';
import { type Logger } from '../logging/logger';
import { type ControlCommand, type ControlFailure, type ControlReply } from './control-envelope';
import {
  CONTROL_PATTERNS,
  CONTROL_TARGET,
  controlTopic,
  type ControlPattern,
  type ControlTarget,
  ensureControlTopics,
  replyTopic,
} from './control-topics';

export interface ControlClientSettings {
  service: string;
  kafka: KafkaConnection;
  /** Of the control topics, when this client creates them. */
  replication?: TopicReplication;
  prefix: string;
  /** How long the other side has to take a request (CONTROL_PLANE_TIMEOUT_MS). */
  answerMs: number;
  /** How long a taken request may run (CONTROL_PLANE_WORK_TIMEOUT_MS). */
  workMs: number;
  logger: Logger;
}

/** Nobody took the request in time (`answer`), or it was taken and not finished in time (`work`). */
export class ControlTimeoutError extends Error {
  constructor(
    readonly target: ControlTarget,
    readonly phase: 'answer' | 'work',
    message: string,
  ) {
    super(message);
    this.name = 'ControlTimeoutError';
  }
}

/** The other side took the request and reports that it failed. */
export class ControlFailedError extends Error {
  constructor(
    readonly target: ControlTarget,
    readonly failure: ControlFailure,
  ) {
    super(failure.message);
    this.name = 'ControlFailedError';
  }
}

/**
 * The asking side of the control plane: Nest's ClientKafka (`send` and its `<topic>.reply` topics) with the two
 * deadlines of every request. Each process has a consumer group of its own for the reply topics, so it reads every
 * answer and Nest keeps those whose correlation id it is waiting for: however many gateway replicas there are, an
 * answer reaches the one that asked. It connects in the background and keeps trying, so the gateway starts (and
 * serves everything else) while Kafka is down.
 */
export class ControlPlaneClient {
  private readonly client: ClientKafka;
  private readonly groupId: string;
  private ready = false;
  private readyWaiters: (() => void)[] = [];
  private closing = false;

  constructor(private readonly settings: ControlClientSettings) {
    this.groupId = `${settings.prefix}minsheng-${settings.service}-control-${randomUUID().slice(0, 8)}`;
    this.client = new ClientKafka({
      postfixId: '',
      client: kafkaConfig(settings.kafka, this.groupId, settings.logger),
      // Read from the start of the (short-lived) reply topics, so no answer can slip past a consumer just joined;
      // nothing is committed: the group is this process's alone and dies with it.
      consumer: { groupId: this.groupId, allowAutoTopicCreation: false },
      subscribe: { fromBeginning: true },
      run: { autoCommit: false },
      producer: { allowAutoTopicCreation: false },
    });
    for (const pattern of Object.values(CONTROL_PATTERNS))
      this.client.subscribeToResponseOf(controlTopic(pattern, settings.prefix));
  }

  /** Starts connecting; resolves at once. */
  start(): void {
    void this.connectUntilReady();
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.client.close().catch(() => undefined);
  }

  /** Sends a request and waits for its result: ControlTimeoutError or ControlFailedError otherwise. */
  async request<B, T>(pattern: ControlPattern, body: B): Promise<{ result: T; by: string }> {
    const target = CONTROL_TARGET[pattern];
    const { answerMs, workMs } = this.settings;
    const answerBy = Date.now() + answerMs;
    if (!(await this.readyBy(answerBy)))
      throw new ControlTimeoutError(
        target,
        'answer',
        `the control plane is not connected to Kafka (${answerMs} ms)`,
      );
    const command: ControlCommand<B> = {
      answerBy,
      finishBy: answerBy + workMs,
      correlationId: currentCorrelationId() ?? null,
      body,
    };
    let taken = false;
    const reply = await firstValueFrom(
      this.client
        .send<ControlReply<T>, ControlCommand<B>>(controlTopic(pattern, this.settings.prefix), command)
        .pipe(
          tap((r) => (taken ||= r.kind === 'ack')),
          timeout({
            first: Math.max(1, answerBy - Date.now()),
            each: workMs,
            with: () =>
              throwError(() =>
                taken
                  ? new ControlTimeoutError(
                      target,
                      'work',
                      `the ${target} took the request but did not finish it within ${workMs} ms`,
                    )
                  : new ControlTimeoutError(
                      target,
                      'answer',
                      `no ${target} process answered within ${answerMs} ms`,
                    ),
              ),
          }),
          filter((r) => r.kind !== 'ack'),
          take(1),
          catchError((e: unknown) =>
            throwError(() =>
              e instanceof ControlTimeoutError
                ? e
                : new ControlFailedError(target, { code: 'transport', message: describe(e) }),
            ),
          ),
        ),
    );
    if (reply.kind === 'done') return { result: reply.result, by: reply.by };
    if (reply.kind === 'failed') throw new ControlFailedError(target, reply.error);
    throw new ControlTimeoutError(
      target,
      'answer',
      `the ${target} read the request too late to carry it out`,
    );
  }

  private async readyBy(deadline: number): Promise<boolean> {
    if (this.ready) return true;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, Math.max(0, deadline - Date.now()));
      this.readyWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
    return this.ready;
  }

  private async connectUntilReady(): Promise<void> {
    const { logger, prefix, kafka, replication } = this.settings;
    for (let attempt = 1; !this.closing; attempt++) {
      try {
        await ensureControlTopics(
          new Kafka(kafkaConfig(kafka, `${this.groupId}-admin`, logger)),
          prefix,
          undefined,
          replication,
        );
        // Resolves after the group is joined, when Nest knows which reply partition to name in a request.
        await this.client.connect();
        const assigned = this.client.getConsumerAssignments();
        const missing = Object.values(CONTROL_PATTERNS)
          .map((p) => replyTopic(controlTopic(p, prefix)))
          .filter((t) => assigned[t] === undefined);
        if (missing.length) throw new Error(`no partition assigned for ${missing.join(', ')}`);
        this.ready = true;
        for (const wake of this.readyWaiters.splice(0)) wake();
        logger.info({ groupId: this.groupId }, 'control plane client connected');
        return;
      } catch (e) {
        if (attempt === 1)
          logger.warn({ err: e }, 'control plane cannot reach Kafka yet; retrying until it can');
        await this.client.close().catch(() => undefined);
        await new Promise((r) => setTimeout(r, Math.min(5000, 500 * attempt)));
      }
    }
  }
}

function describe(e: unknown): string {
  if (e instanceof Error) return e.message;
  if (typeof e === 'string') return e;
  try {
    return JSON.stringify(e);
  } catch {
    return String(e);
  }
}
