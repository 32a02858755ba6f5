import { topicName } from '../../libs/shared/src/contracts';
import { appealId } from '../../libs/shared/src/ids';
import { SecretBox } from '../../libs/shared/src/secrets';
import { AppProcess } from '../support/app-process';
import { startHub, type HubFixture } from '../support/hub-fixture';
import { topicEndOffsets, waitFor } from '../support/kafka-helpers';
import { startMailboxSimulator, type MailboxSimulator } from '../simulator/mailbox/mailbox-site';

interface InstanceStatus {
  state: string;
  status_reason: string | null;
  last_success_at: Date | null;
  last_error_kind: string | null;
  consecutive_failures: number;
  retry_at: Date | null;
  fetched_total: string;
  emitted_total: string;
  freshness: Date | null;
  next_run_at: Date | null;
}

/** A GBK mailbox through the real connectors process: revisions, status, layout drift and single runners. */
describe('connector lifecycle against PostgreSQL and Kafka', () => {
  let hub: HubFixture;
  let mailbox: MailboxSimulator;
  let second: AppProcess;

  const status = async (id: string) =>
    (await hub.db.query<InstanceStatus>(`SELECT * FROM connector_instances WHERE id = $1`, [id]))[0];
  const count = async (sql: string, params: unknown[] = []) =>
    Number((await hub.db.query<{ n: string }>(sql, params))[0].n);

  beforeAll(async () => {
    hub = await startHub('lifecycle');
    mailbox = await startMailboxSimulator({ port: 0 });
    await hub.db.query(
      `INSERT INTO connector_instances (id, type, name, config, schedule) VALUES ('fy-mailbox', 'mayor_mailbox', '阜阳市市长信箱', $1, '*/2 * * * * *')`,
      [JSON.stringify({ listUrl: mailbox.listUrl, mailboxOwner: '阜阳市市长信箱', maxPages: 5 })],
    );
    await hub.apps.connectors.start();
    // A second replica: the advisory lock must keep the two from pulling the same instance at once.
    second = new AppProcess('connectors', hub.env);
    await second.start();
  });

  afterAll(async () => {
    await second?.kill('SIGTERM');
    await mailbox?.close();
    await hub?.close();
  });

  it('pulls every letter once, decodes GBK (喆), then publishes nothing for unchanged letters', async () => {
    await waitFor(
      'a successful pull',
      async () => (await status('fy-mailbox')).last_success_at !== null,
      60000,
    );
    const letters = await count(`SELECT count(*) AS n FROM appeal_items WHERE channel = 'mayor_mailbox'`);
    expect(letters).toBe(30);
    const names = await hub.db.query<{ name: string }>(
      `SELECT payload->'reporter'->>'nameMasked' AS name FROM appeal_items`,
    );
    expect(names.some((n) => n.name.startsWith('王') || n.name.startsWith('李'))).toBe(true);
    const box = new SecretBox(hub.env.SECRETS_KEY);
    const raw = await hub.db.query<{ body: string }>(`SELECT body FROM raw_captures`);
    expect(raw.filter((r) => box.open(r.body).includes('喆')).length).toBeGreaterThanOrEqual(2);
    const s = await status('fy-mailbox');
    expect(s).toMatchObject({ state: 'running', consecutive_failures: 0 });
    expect(Number(s.emitted_total)).toBe(30);
    expect(s.freshness).not.toBeNull();
    await waitFor(
      'two more pulls',
      async () => (await count(`SELECT count(*) AS n FROM connector_runs WHERE status = 'succeeded'`)) >= 3,
      60000,
    );
    await waitFor(
      'the outbox to drain',
      async () => (await count(`SELECT count(*) AS n FROM outbox WHERE sent_at IS NULL`)) === 0,
      30000,
    );
    expect(await count(`SELECT count(*) AS n FROM appeal_items`)).toBe(30);
    expect(await topicEndOffsets(hub.kafka, topicName('items', hub.prefix))).toBe(30);
  });

  it('turns a reply that appears later into revision 2', async () => {
    const [{ external_id: letterNo }] = await hub.db.query<{ external_id: string }>(
      `SELECT external_id FROM appeal_items WHERE payload->'upstream'->>'reply' IS NULL ORDER BY external_id LIMIT 1`,
    );
    mailbox.reply(letterNo, '阜阳市城市管理局', '经核查，已责成属地街道清理，并加强日常巡查。');
    const id = appealId('mayor_mailbox', letterNo);
    await waitFor(
      'revision 2',
      async () => (await count(`SELECT count(*) AS n FROM appeal_items WHERE id = $1`, [id])) === 2,
      60000,
    );
    const [rev2] = await hub.db.query<{ reply: string }>(
      `SELECT payload->'upstream'->>'reply' AS reply FROM appeal_items WHERE id = $1 AND revision = 2`,
      [id],
    );
    expect(rev2.reply).toContain('已责成属地街道清理');
  });

  it('never lets two replicas pull the same instance at the same time', async () => {
    const runs = await hub.db.query<{ started_at: Date; finished_at: Date | null }>(
      `SELECT started_at, finished_at FROM connector_runs WHERE connector_id = 'fy-mailbox' AND finished_at IS NOT NULL ORDER BY started_at`,
    );
    expect(runs.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < runs.length; i++) {
      expect(new Date(runs[i].started_at).getTime()).toBeGreaterThanOrEqual(
        new Date(runs[i - 1].finished_at ?? 0).getTime(),
      );
    }
  });

  it('pauses itself as degraded: layout_changed when the list layout changes, instead of emitting nothing', async () => {
    mailbox.setLayout('v2');
    await waitFor(
      'the instance to degrade',
      async () => (await status('fy-mailbox')).state === 'degraded',
      60000,
    );
    const s = await status('fy-mailbox');
    expect(s).toMatchObject({
      state: 'degraded',
      status_reason: 'layout_changed',
      last_error_kind: 'layout_changed',
    });
    const runsAtPause = await count(
      `SELECT count(*) AS n FROM connector_runs WHERE connector_id = 'fy-mailbox'`,
    );
    await new Promise((r) => setTimeout(r, 5000));
    expect(await count(`SELECT count(*) AS n FROM connector_runs WHERE connector_id = 'fy-mailbox'`)).toBe(
      runsAtPause,
    );
  });
});
