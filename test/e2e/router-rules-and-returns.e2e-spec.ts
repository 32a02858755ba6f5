import { type FeedbackV1, type RoutedTicketV1 } from '../../libs/shared/src/contracts';
import { sampleItem } from '../fixtures/appeal-item';
import { startHub, type HubFixture } from '../support/hub-fixture';
import { Collector, publishJson, waitFor } from '../support/kafka-helpers';

const place = {
  addressText: '阜阳市颍州区文峰街道',
  precision: 'address' as const,
  origin: 'citizen' as const,
};
const manyTopics = '小区物业不作为，楼下餐馆油烟扰民，门口垃圾堆积没人清运，夜里还有流动摊贩占道经营。';

/** Hot reload of a published rule set, and re-dispatch after returns (退单), through real Kafka and PostgreSQL. */
describe('router: rule publication and returns', () => {
  let hub: HubFixture;
  let collector: Collector;

  const tickets = (id: string) =>
    collector.messages
      .filter((m) => m.key === id)
      .map((m) => JSON.parse(m.value) as RoutedTicketV1)
      .sort((a, b) => a.decisionRevision - b.decisionRevision);

  const send = (topic: 'items' | 'feedback', key: string, value: unknown) =>
    publishJson(hub.kafka, hub.prefix, topic, key, value);

  beforeAll(async () => {
    hub = await startHub('rules');
    collector = new Collector(hub.kafka, hub.prefix, ['routed', 'triage']);
    await collector.start();
    await hub.apps.router.start();
  });

  afterAll(async () => {
    await collector?.stop();
    await hub?.close();
  });

  it('applies a newly published rule set from the next batch, without a restart', async () => {
    const before = sampleItem({
      id: `ap_${'1'.repeat(32)}`,
      content: '小区物业长期不维修电梯',
      location: place,
    });
    await send('items', before.id, before);
    await waitFor('the first ticket', () => tickets(before.id).length === 1, 60000);
    const [first] = tickets(before.id);
    expect(first.decision.ruleSetVersion).toBe(2);
    expect(first.decision.lead?.department).toBe('housing-construction');

    const [{ document }] = await hub.db.query<{ document: { rules: unknown[] } }>(
      `SELECT document FROM rule_sets WHERE version = 2`,
    );
    const override = {
      id: 'test-property-to-market',
      name: '测试：物业交给市场监管',
      priority: 0,
      enabled: true,
      when: { keywords: { any: ['物业'] } },
      then: { lead: { department: 'market-regulation' }, grade: 'simple' },
    };
    await hub.db.query(`BEGIN`);
    await hub.db.query(`UPDATE rule_sets SET status = 'archived' WHERE status = 'published'`);
    await hub.db.query(
      `INSERT INTO rule_sets (version, status, note, published_at, document, created_by) VALUES (3, 'published', 'test', now(), $1, 'e2e')`,
      [JSON.stringify({ rules: [override, ...document.rules] })],
    );
    await hub.db.query(`COMMIT`);
    await waitFor(
      'the router to load version 3',
      () =>
        hub.apps.router.lines.some(
          (l) => l.includes('published rule set loaded') && l.includes('"ruleSetVersion":3'),
        ),
      30000,
    );

    // Different words: the same text again would be linked to the first ticket as a duplicate (并单).
    const after = sampleItem({
      id: `ap_${'2'.repeat(32)}`,
      content: '物业公司把楼下绿地改成停车位还要收费',
      location: place,
    });
    await send('items', after.id, after);
    await waitFor('the second ticket', () => tickets(after.id).length === 1, 60000);
    const [second] = tickets(after.id);
    expect(second.decision.ruleSetVersion).toBe(3);
    expect(second.decision.lead).toMatchObject({
      department: 'market-regulation',
      unitName: '颍州区市场监督管理局',
    });
    expect(second.decision.grade).toBe('simple');
    expect(hub.apps.router.running).toBe(true);

    await hub.db.query(`BEGIN`);
    await hub.db.query(`UPDATE rule_sets SET status = 'archived' WHERE status = 'published'`);
    await hub.db.query(`UPDATE rule_sets SET status = 'published', published_at = now() WHERE version = 2`);
    await hub.db.query(`COMMIT`);
    await waitFor(
      'the router to roll back to version 2',
      () =>
        hub.apps.router.lines.some(
          (l) => l.includes('published rule set loaded') && l.includes('"ruleSetVersion":2'),
        ),
      30000,
    );
  });

  it('re-dispatches a returned ticket to another department, and the third return goes to triage', async () => {
    const item = sampleItem({ id: `ap_${'3'.repeat(32)}`, content: manyTopics, location: place });
    await send('items', item.id, item);
    await waitFor('the first decision', () => tickets(item.id).length === 1, 60000);

    const returnBy = async (n: number) => {
      const current = tickets(item.id)[n - 1];
      const department = current.decision.lead?.department ?? '';
      const event: FeedbackV1 = {
        schemaVersion: 1,
        eventId: `evt-${n}-${item.id.slice(3, 11)}`,
        itemId: item.id,
        decisionRevision: current.decisionRevision,
        kind: 'returned',
        department,
        reason: '不属于本单位职责',
        actor: `e2e-${department}`,
        at: new Date().toISOString(),
      };
      await send('feedback', item.id, event);
      // A re-sent event (same eventId) must change nothing.
      await send('feedback', item.id, event);
      await waitFor(`decision ${n + 1}`, () => tickets(item.id).length === n + 1, 60000);
      return department;
    };

    const first = await returnBy(1);
    const second = await returnBy(2);
    const [, t2, t3] = tickets(item.id);
    expect(t2.decision.mode).toBe('auto');
    expect(t2.decision.lead?.department).not.toBe(first);
    expect(t2.decision.returnedBy).toEqual([first]);
    expect(t3.decision.lead?.department).not.toBe(first);
    expect(t3.decision.lead?.department).not.toBe(second);
    await returnBy(3);
    const t4 = tickets(item.id)[3];
    expect(t4).toMatchObject({
      decisionRevision: 4,
      decision: { mode: 'triage', reason: 'returned_too_often' },
    });
    await new Promise((r) => setTimeout(r, 1500));
    expect(tickets(item.id).map((t) => t.decisionRevision)).toEqual([1, 2, 3, 4]);
    const [{ n }] = await hub.db.query<{ n: string }>(
      `SELECT count(*) AS n FROM feedback_events WHERE item_id = $1`,
      [item.id],
    );
    expect(Number(n)).toBe(3);
    // The head follows the newest decision: what the gateway lists is the triage case, not a returned ticket.
    const [head] = await hub.db.query<{ decision_revision: number; status: string; departments: string[] }>(
      `SELECT decision_revision, status, departments FROM ticket_heads WHERE item_id = $1`,
      [item.id],
    );
    expect(head).toEqual({ decision_revision: 4, status: 'triage', departments: [] });
  });
});
