import { HttpStatus } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { type Kafka } from 'kafkajs';
import pino from 'pino';
import { type DataSource } from 'typeorm';
import { ReferenceDataRepository, routeItem } from '../../libs/routing/src';
import { loadConfig } from '../../libs/shared/src/config';
import { type RoutedTicketV1, topicName } from '../../libs/shared/src/contracts';
import { createDataSource } from '../../libs/shared/src/db';
import { APP_CONFIG, APP_LOGGER, DATA_SOURCE, KAFKA } from '../../libs/shared/src/runtime';
import { type Principal } from '../../apps/gateway/src/auth/principal';
import { toClientError } from '../../apps/gateway/src/common/error.filter';
import { FeedbackPublisher } from '../../apps/gateway/src/kafka/feedback-publisher';
import { TicketsRepository } from '../../apps/gateway/src/tickets/tickets.repository';
import {
  manualDecisionBodySchema,
  triageQuerySchema,
  TriageService,
} from '../../apps/gateway/src/triage/triage.service';
import { sampleItem } from '../fixtures/appeal-item';
import { deleteTopics, testKafka, topicEndOffsets, uniquePrefix } from '../support/kafka-helpers';
import { seedTickets } from '../support/seed-tickets';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const ADMIN: Principal = { keyId: 'k_triage', name: 'dispatcher', role: 'admin' };
const TRIAGED = `ap_${'7'.repeat(32)}`;
const ROUTED = `ap_${'8'.repeat(32)}`;

async function refusal(work: Promise<unknown>): Promise<unknown> {
  try {
    await work;
  } catch (e) {
    const answered = toClientError(e);
    return answered.unexpected ? e : { status: answered.status, code: answered.code };
  }
  return 'no error';
}

/**
 * The triage decision as the gateway makes it — scope, reference checks, the head's state, then one event on
 * appeal.feedback.v1 — composed by Nest over a fresh database clone and the real broker, without HTTP or a router.
 */
describe('triage decision (in-process, @nestjs/testing)', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let kafka: Kafka;
  let moduleRef: TestingModule;
  let triage: TriageService;
  const prefix = uniquePrefix('triage-di');

  /** A decision body as the controller's pipe hands it over: parsed by the same schema. */
  const decision = (over: Record<string, unknown> = {}) =>
    manualDecisionBodySchema.parse({
      jurisdiction: { county: '341221' },
      lead: 'ecology-environment',
      grade: 'general',
      note: '来电补充了地址：临泉县',
      ...over,
    });

  beforeAll(async () => {
    db = await createTestDatabase('triage_di');
    ds = createDataSource(db.url, { poolSize: 4, applicationName: 'triage-di-spec' });
    await ds.initialize();
    kafka = testKafka();
    // Tickets as the router stores them: one it could not place (triage), one it routed.
    const ctx = await new ReferenceDataRepository(ds).loadContext();
    const now = new Date('2026-11-20T10:00:00+08:00');
    const ticket = (id: string, content: string, addressText?: string): RoutedTicketV1 => {
      const item = sampleItem({
        id,
        content,
        location: addressText
          ? { addressText, precision: 'address', origin: 'citizen' }
          : { precision: 'none', origin: 'none' },
      });
      return { schemaVersion: 1, item, decision: routeItem(item, ctx, now), decisionRevision: 1 };
    };
    const triaged = ticket(TRIAGED, '河里有死鱼，水是黑的，味道很大。');
    const routed = ticket(ROUTED, '临泉县城关街道人民路有人占道经营。', '阜阳市临泉县城关街道人民路');
    expect([triaged.decision.mode, routed.decision.mode]).toEqual(['triage', 'auto']);
    await seedTickets(db, [{ ticket: triaged }, { ticket: routed }]);

    moduleRef = await Test.createTestingModule({
      providers: [
        { provide: DATA_SOURCE, useValue: ds },
        { provide: APP_CONFIG, useValue: loadConfig({ NODE_ENV: 'test', KAFKA_TOPIC_PREFIX: prefix }) },
        { provide: APP_LOGGER, useValue: pino({ level: 'silent' }) },
        { provide: KAFKA, useValue: kafka },
        FeedbackPublisher,
        TicketsRepository,
        TriageService,
      ],
    }).compile();
    triage = moduleRef.get(TriageService);
  });

  afterAll(async () => {
    await moduleRef?.close();
    if (ds?.isInitialized) await ds.destroy();
    await db?.drop();
    if (kafka) await deleteTopics(kafka, prefix).catch(() => undefined);
  });

  it('the queue holds what the router could not place, and nothing it routed', async () => {
    const page = await triage.list(triageQuerySchema.parse({}), ADMIN);
    expect(page.tickets.map((t) => t.id)).toEqual([TRIAGED]);
  });

  it('refuses a ticket that left triage (409), a stale revision (409), a bad place (400), an unknown id (404)', async () => {
    expect(await refusal(triage.decide(ROUTED, decision(), ADMIN, undefined))).toEqual({
      status: HttpStatus.CONFLICT,
      code: 'conflict',
    });
    expect(
      await refusal(triage.decide(TRIAGED, decision({ decisionRevision: 2 }), ADMIN, undefined)),
    ).toEqual({
      status: HttpStatus.CONFLICT,
      code: 'conflict',
    });
    expect(
      await refusal(
        triage.decide(TRIAGED, decision({ jurisdiction: { county: '341299' } }), ADMIN, undefined),
      ),
    ).toEqual({ status: HttpStatus.BAD_REQUEST, code: 'invalid_request' });
    expect(await refusal(triage.decide(`ap_${'9'.repeat(32)}`, decision(), ADMIN, undefined))).toEqual({
      status: HttpStatus.NOT_FOUND,
      code: 'not_found',
    });
  });

  it('a valid decision is one dispatched event on appeal.feedback.v1, audited with the head it answered', async () => {
    const accepted = await triage.decide(TRIAGED, decision({ decisionRevision: 1 }), ADMIN, 'triage-di-0001');
    expect(accepted).toMatchObject({ itemId: TRIAGED, decisionRevision: 1, duplicate: false });
    // One message on the topic: none of the refusals above published anything.
    expect(await topicEndOffsets(kafka, topicName('feedback', prefix))).toBe(1);
    const [entry] = await db.query<{ action: string; before: { status: string }; after: { kind: string } }>(
      `SELECT action, before, after FROM audit_log WHERE entity = 'ticket' AND entity_id = $1`,
      [TRIAGED],
    );
    expect(entry).toMatchObject({
      action: 'triage.decision',
      before: { status: 'triage' },
      after: { kind: 'dispatched', department: 'ecology-environment' },
    });
  });
});
