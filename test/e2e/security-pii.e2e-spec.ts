import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { type DataSource } from 'typeorm';
import { RawRetention } from '../../apps/connectors/src/maintenance/raw-retention';
import { createDataSource } from '../../libs/shared/src/db';
import { DeadLettersRepository, RawCapturesRepository } from '../../libs/shared/src/ingest';
import { SecretBox } from '../../libs/shared/src/secrets';
import { generateWorkOrders } from '../simulator/hotline-orders';
import { createKey } from '../support/api-keys';
import { startHub, type HubFixture } from '../support/hub-fixture';
import { Collector, publishJson, waitFor } from '../support/kafka-helpers';
import { REPO } from '../support/paths';
import { gatewayCaller, type HookBody } from '../support/webhook-fixtures';
import { startWebhookReceiver } from '../support/webhook-receiver';

/** What citizens typed into free text, in the forms the door must catch. */
const PHONE = '13912345678';
const ID_18 = '34122619900101123X';
const ID_15 = '341226900101123';
const PUSH_PHONE_FULL_WIDTH = '１３８０５５８６６７７';
const PUSH_PHONE_SPACED = '138 0558 9911';
const PUSH_CHANNEL = 'miniapp_secpii';
const PUSH_SECRET = 'secpii-push-secret-0123456789';
const DAY = 24 * 60 * 60 * 1000;
const BAD_KEY = 'secpii-bad';

/** The generated work orders, with clear PII written into title, content and address, as callers do. */
const ORDERS = generateWorkOrders(3, 2026).map(({ order }, n) => ({
  ...order,
  appealTitle: `${order.appealTitle}（来电${PHONE}）`,
  appealContent: `${order.appealContent}。联系电话${PHONE}，身份证${ID_18}，老证件${ID_15}，座机0558-2212345。`,
  incidentAddress: order.incidentAddress
    ? `${order.incidentAddress}（门卫电话${PHONE}）`
    : order.incidentAddress,
  contactPhone: `1360558${String(1000 + n)}`,
}));

/**
 * Issue 12, "PII masked at the door" and "fail closed": a realistic flow — 12345 work orders and a pushed item whose
 * text holds clear phone and ID numbers, routed, read through the API and Open311, delivered by webhook, answered
 * by feedback (audited) — then every output is searched for the clear numbers and the secrets.
 */
describe('security: PII at the door, keys fail closed', () => {
  let hub: HubFixture;
  let base: string;
  let ds: DataSource;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let collector: Collector;
  let webhookSecret = '';
  let subscriptionId = '';
  const responses: string[] = [];
  const keys = { consumer: '', operator: '', auditor: '' };
  const call = gatewayCaller(
    () => base,
    (text) => responses.push(text),
  );

  /** Every clear value that must appear nowhere; the contact phones are in the raw captures only (sealed). */
  const forbidden = () => [
    PHONE,
    ID_18,
    ID_15,
    '0558-2212345',
    PUSH_PHONE_FULL_WIDTH,
    PUSH_PHONE_SPACED,
    PUSH_PHONE_SPACED.replace(/ /g, ''),
    '13805586677',
    ...ORDERS.map((o) => o.contactPhone),
    hub.env.SECRETS_KEY,
    hub.env.PII_HASH_KEY,
    PUSH_SECRET,
    webhookSecret,
    hub.sim.token,
  ];
  const leaks = (what: string, texts: string[]) =>
    texts.flatMap((t, i) =>
      forbidden()
        .filter((f) => f && t.includes(f))
        .map((f) => `${what}[${i}] holds ${f}`),
    );

  const sign = (timestamp: string, raw: string) =>
    `sha256=${createHmac('sha256', PUSH_SECRET).update(`${timestamp}.${raw}`).digest('hex')}`;

  beforeAll(async () => {
    hub = await startHub('secpii', {
      orders: ORDERS,
      env: { WEBHOOKS_ALLOW_LOOPBACK: 'true', WEBHOOKS_POLL_MS: '100', LOG_LEVEL: 'debug' },
    });
    ds = createDataSource(hub.db.url, { poolSize: 2 });
    await ds.initialize();
    receiver = await startWebhookReceiver({ '/hook': () => 200 });
    collector = new Collector(hub.kafka, hub.prefix, ['items', 'routed', 'triage', 'dlq', 'feedback']);
    await collector.start();
    await hub.db.query(`INSERT INTO push_channels (channel, secret, enabled) VALUES ($1, $2, true)`, [
      PUSH_CHANNEL,
      new SecretBox(hub.env.SECRETS_KEY).seal(PUSH_SECRET),
    ]);
    keys.consumer = await createKey(hub.db, 'consumer', { name: '阜阳市12345中心', counties: ['341200'] });
    keys.operator = await createKey(hub.db, 'operator');
    keys.auditor = await createKey(hub.db, 'auditor');
    await Promise.all([hub.apps.gateway.start(), hub.apps.router.start()]);
    base = `http://127.0.0.1:${hub.env.GATEWAY_PORT}`;

    const created = await fetch(`${base}/api/v1/webhooks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${keys.consumer}`, 'content-type': 'application/json' },
      body: JSON.stringify({ url: receiver.url('/hook') }),
    });
    expect(created.status).toBe(201);
    // The one response that carries the signing secret, by design: not part of the scan.
    const answer = (await created.json()) as { secret: string; subscription: { id: string } };
    webhookSecret = answer.secret;
    subscriptionId = answer.subscription.id;

    // The middle record of the first page loses its content: a connector dead letter whose raw holds the PII.
    hub.sim.setFaults({ invalidRecordNext: 1 });
    await hub.addHotlineInstance({ pageSize: 10 });
    await hub.apps.connectors.start();

    const push = JSON.stringify({
      externalId: 'secpii-1',
      title: `占道经营，电话${PUSH_PHONE_FULL_WIDTH}`,
      content: `颍上县慎城镇幸福路有人占道经营，请回电${PUSH_PHONE_SPACED}，身份证${ID_18}。`,
      address: `颍上县慎城镇幸福路（电话${PHONE}）`,
      phone: '13805586677',
      name: '王小明',
    });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const res = await fetch(`${base}/intake/${PUSH_CHANNEL}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-minsheng-timestamp': timestamp,
        'x-minsheng-signature': sign(timestamp, push),
      },
      body: push,
    });
    responses.push(await res.text());
    expect(res.status).toBe(202);

    // A message that never passed the door: straight onto the items topic, invalid, with a clear phone in it.
    await publishJson(hub.kafka, hub.prefix, 'items', BAD_KEY, { id: 'bad', content: `电话${PHONE}` });

    // Two orders and the pushed item decided; two dead letters (the quarantined order, the bad message).
    await waitFor('three decisions and two dead letters', async () => {
      const [row] = await hub.db.query<{ d: string; l: string }>(
        `SELECT (SELECT count(*) FROM routing_decisions) AS d, (SELECT count(*) FROM dead_letters) AS l`,
      );
      return Number(row.d) >= 3 && Number(row.l) >= 2;
    });
    const list = await call('GET', '/api/v1/tickets?limit=50', keys.consumer);
    const tickets = list.body.tickets as { id: string; status: string }[];
    expect(tickets.length).toBe(3);
    for (const t of tickets) {
      await call('GET', `/api/v1/tickets/${t.id}`, keys.consumer);
      await call('GET', `/open311/v2/requests/${t.id}.json`, keys.consumer);
    }
    const routed = tickets.find((t) => t.status === 'routed');
    expect(routed).toBeDefined();
    const accepted = await call('POST', `/api/v1/tickets/${routed!.id}/feedback`, keys.consumer, {
      kind: 'accept',
    });
    expect(accepted.status).toBe(202);
    await call('GET', '/open311/v2/requests.json', keys.consumer);
    await call('GET', '/api/v1/dead-letters', keys.operator);
    await waitFor('webhooks for every decision and the acceptance', async () => {
      const [row] = await hub.db.query<{ n: string }>(
        `SELECT count(*) AS n FROM webhook_deliveries WHERE status = 'delivered'`,
      );
      return Number(row.n) >= 4;
    });
    await call('GET', '/api/v1/audit?limit=200', keys.auditor);
    await call('GET', `/api/v1/webhooks/${subscriptionId}/deliveries`, keys.consumer);
    await waitFor('the feedback on Kafka', () => collector.messages.some((m) => m.topic === 'feedback'));
  }, 240_000);

  afterAll(async () => {
    await collector?.stop();
    await receiver?.close();
    await ds?.destroy();
    await hub?.close();
  });

  const tableText = async (sql: string) => (await hub.db.query<{ t: string }>(sql)).map((r) => r.t);

  it('shows no clear phone or ID number, and no secret, in Kafka, tables, API answers, webhook bodies or logs', async () => {
    const logFiles = (['gateway', 'connectors', 'router'] as const).map((name) =>
      join(REPO, '.run', 'test-logs', `${hub.prefix}${name}.log`),
    );
    const problems = [
      // Every message but the one this test wrote itself (the bad one, clear on purpose).
      ...leaks(
        'kafka',
        collector.messages.filter((m) => m.key !== BAD_KEY || m.topic !== 'items').map((m) => m.value),
      ),
      ...leaks('decisions', await tableText(`SELECT ticket::text AS t FROM routing_decisions`)),
      ...leaks('items', await tableText(`SELECT payload::text AS t FROM appeal_items`)),
      ...leaks('outbox', await tableText(`SELECT payload AS t FROM outbox`)),
      ...leaks('audit', await tableText(`SELECT row_to_json(a)::text AS t FROM audit_log a`)),
      ...leaks('dead letters', await tableText(`SELECT row_to_json(d)::text AS t FROM dead_letters d`)),
      ...leaks('feedback', await tableText(`SELECT row_to_json(f)::text AS t FROM feedback_events f`)),
      ...leaks('heads', await tableText(`SELECT row_to_json(h)::text AS t FROM ticket_heads h`)),
      ...leaks('deliveries', await tableText(`SELECT row_to_json(w)::text AS t FROM webhook_deliveries w`)),
      ...leaks('raw captures', await tableText(`SELECT body AS t FROM raw_captures`)),
      ...leaks('responses', responses),
      ...leaks(
        'webhook bodies',
        receiver.received.map((h) => h.raw.toString('utf8')),
      ),
      ...leaks('log lines', [
        ...hub.apps.gateway.lines,
        ...hub.apps.connectors.lines,
        ...hub.apps.router.lines,
      ]),
      ...leaks(
        'log files',
        logFiles.filter((f) => existsSync(f)).map((f) => readFileSync(f, 'utf8')),
      ),
    ];
    expect(problems).toEqual([]);
    // The scan saw the flow, not nothing: masked forms are where the clear ones were.
    const decisions = (await tableText(`SELECT ticket::text AS t FROM routing_decisions`)).join('\n');
    expect(decisions).toContain('139****5678');
    expect(decisions).toContain('341226********123X');
    expect(decisions).toContain('138****6677');
    expect(decisions).toContain('138****9911');
    expect(receiver.received.length).toBeGreaterThanOrEqual(4);
    expect(collector.messages.filter((m) => m.topic === 'items').length).toBeGreaterThanOrEqual(3);
  });

  it('refuses to start outside development with a missing or built-in key, naming the variable', async () => {
    const start = (env: Record<string, string | undefined>) =>
      new Promise<{ code: number | null; out: string }>((resolve) => {
        const clean = { ...process.env, ...env };
        for (const [k, v] of Object.entries(clean)) if (v === undefined) delete clean[k];
        const child = spawn(process.execPath, [join(REPO, 'dist', 'apps', 'gateway', 'src', 'main.js')], {
          env: clean,
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let out = '';
        child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
        child.stderr.on('data', (c: Buffer) => (out += c.toString('utf8')));
        child.on('exit', (code) => resolve({ code, out }));
      });
    const noKeys = { PII_HASH_KEY: undefined, SECRETS_KEY: undefined, GATEWAY_PORT: '1' };
    const unset = await start({ ...noKeys, NODE_ENV: undefined });
    expect(unset.code).toBe(1);
    expect(unset.out).toMatch(/PII_HASH_KEY: not set/);
    expect(unset.out).toMatch(/SECRETS_KEY: not set/);
    const builtIn = await start({
      NODE_ENV: 'production',
      PII_HASH_KEY: 'minsheng-dev-only-pii-hash-key',
      SECRETS_KEY: 'minsheng-dev-only-secrets-key',
      GATEWAY_PORT: '1',
    });
    expect(builtIn.code).toBe(1);
    expect(builtIn.out).toMatch(/PII_HASH_KEY: the built-in development key/);
    expect(builtIn.out).toMatch(/SECRETS_KEY: the built-in development key/);
    expect(builtIn.out).not.toContain('minsheng-dev-only-secrets-key');
  });

  it('gives consumers and webhooks no phoneHash; the router keeps it for duplicate linking', async () => {
    const consumerFacing = [
      ...responses,
      ...receiver.received.map((h) => h.raw.toString('utf8')),
      ...collector.messages.filter((m) => m.topic === 'routed' || m.topic === 'triage').map((m) => m.value),
      ...(await tableText(`SELECT ticket::text AS t FROM routing_decisions`)),
    ];
    expect(consumerFacing.filter((t) => t.includes('phoneHash'))).toEqual([]);
    const hook = JSON.parse(receiver.received[0].raw.toString('utf8')) as HookBody;
    expect(hook.ticket.item.reporter).toMatchObject({ anonymous: expect.any(Boolean) });
    const detail = await call('GET', `/api/v1/tickets/${hook.ticket.item.id}`, keys.consumer);
    expect(JSON.stringify(detail.body)).not.toContain('phoneHash');
    const prints = await hub.db.query<{ n: string }>(
      `SELECT count(*) AS n FROM item_fingerprints WHERE phone_hash ~ '^[0-9a-f]{64}$'`,
    );
    expect(Number(prints[0].n)).toBe(3);
  });

  it('keeps raw captures (the clear records) sealed, and purges them past RAW_MAX_AGE_DAYS', async () => {
    // No pull may write a capture again while the purge is checked.
    await hub.apps.connectors.kill('SIGTERM');
    const rows = await hub.db.query<{ body: string }>(`SELECT body FROM raw_captures`);
    expect(rows.length).toBeGreaterThanOrEqual(4);
    const box = new SecretBox(hub.env.SECRETS_KEY);
    for (const r of rows) expect(r.body).toMatch(/^enc:v1:/);
    const opened = rows.map((r) => box.open(r.body)).join('\n');
    // Sealed, not masked: the one clear copy a fixed parser can re-read.
    expect(opened).toContain(PHONE);
    expect(opened).toContain(ORDERS[0].contactPhone);
    const job = new RawRetention(
      new RawCapturesRepository(ds),
      { retentionDays: 90, maxAgeDays: 30 },
      pino({ level: 'silent' }),
    );
    expect(await job.purgeOnce(new Date())).toMatchObject({ status: 'purged', expired: 0 });
    expect(await job.purgeOnce(new Date(Date.now() + 31 * DAY))).toMatchObject({
      status: 'purged',
      expired: rows.length,
    });
    expect(await hub.db.query(`SELECT 1 FROM raw_captures`)).toHaveLength(0);
  });

  it('masks dead letters from both stages, and purges them past DEAD_LETTER_RETENTION_DAYS', async () => {
    const letters = await hub.db.query<{ stage: string; payload: string }>(
      `SELECT stage, payload FROM dead_letters ORDER BY id`,
    );
    expect(letters.map((l) => l.stage).sort()).toEqual(['connector', 'router']);
    const connector = letters.find((l) => l.stage === 'connector')!;
    expect(connector.payload).toMatch(/136\*\*\*\*100\d/);
    expect(letters.find((l) => l.stage === 'router')!.payload).toContain('139****5678');
    for (const l of letters) expect(l.payload).not.toContain(PHONE);
    const job = new RawRetention(
      new RawCapturesRepository(ds),
      { retentionDays: 0, deadLetterDays: 7 },
      pino({ level: 'silent' }),
      new DeadLettersRepository(ds),
    );
    expect(await job.purgeOnce(new Date())).toMatchObject({ status: 'purged', deadLetters: 0 });
    expect(await job.purgeOnce(new Date(Date.now() + 8 * DAY))).toMatchObject({
      status: 'purged',
      deadLetters: letters.length,
    });
    expect(await hub.db.query(`SELECT 1 FROM dead_letters`)).toHaveLength(0);
  });
});
