import { type DataSource } from 'typeorm';
import { createDataSource } from '../../libs/shared/src/db';
import { IngestRepository, type ItemDraft } from '../../libs/shared/src/ingest';
import { ConnectorInstancesRepository } from '../../libs/shared/src/connectors-store';
import { SecretBox } from '../../libs/shared/src/secrets';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const draft = (content: string): ItemDraft => ({
  submittedAt: '2026-11-20T09:00:00+08:00',
  content,
  appealType: 'complaint',
  location: { precision: 'none', origin: 'none' },
  reporter: { anonymous: false, publicVisible: false },
  attachments: [],
  riskFlags: [],
});

/** The one-transaction ingest against PostgreSQL, for cases the channel flows do not reach easily. */
describe('IngestRepository', () => {
  let db: TestDatabase;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase('ingest');
    ds = createDataSource(db.url, { poolSize: 2 });
    await ds.initialize();
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('stores two versions of one record in one page as revisions 1 and 2, with the head at the last', async () => {
    const repo = new IngestRepository(
      ds,
      new ConnectorInstancesRepository(ds),
      new SecretBox('ingest-spec-secrets-key-long-enough'),
    );
    const instance = { id: 'test', channel: 'hotline_12345', system: 'hotline_12345', parserVersion: 't/1' };
    await db.query(
      `INSERT INTO connector_instances (id, type, name, config, schedule) VALUES ('test', 'hotline_12345', 't', '{}', '* * * * *')`,
    );
    const out = await repo.writePage(
      instance,
      {
        cursor: { page: 2 },
        records: [
          { externalId: 'A1', raw: '{"v":1}', contentType: 'application/json', draft: draft('路灯不亮') },
          {
            externalId: 'A1',
            raw: '{"v":2}',
            contentType: 'application/json',
            draft: draft('路灯不亮，已报修三次'),
          },
        ],
      },
      new Date(),
    );
    expect(out).toMatchObject({ fetched: 2, emitted: 2, unchanged: 0, quarantined: 0 });
    const items = await db.query<{ revision: number }>(`SELECT revision FROM appeal_items ORDER BY revision`);
    expect(items.map((i) => i.revision)).toEqual([1, 2]);
    const [head] = await db.query<{ revision: number }>(`SELECT revision FROM appeal_item_heads`);
    expect(head.revision).toBe(2);
    const [cursor] = await db.query<{ cursor: unknown }>(
      `SELECT cursor FROM connector_cursors WHERE connector_id = 'test'`,
    );
    expect(cursor.cursor).toEqual({ page: 2 });
  });

  it('writes a page whose texts, id, parse error or cursor hold U+0000, replacing it with U+FFFD', async () => {
    const repo = new IngestRepository(
      ds,
      new ConnectorInstancesRepository(ds),
      new SecretBox('ingest-spec-secrets-key-long-enough'),
    );
    const instance = { id: 'nul', channel: 'mayor_mailbox', system: 'mayor_mailbox', parserVersion: 't/1' };
    await db.query(
      `INSERT INTO connector_instances (id, type, name, config, schedule) VALUES ('nul', 'mayor_mailbox', 't', '{}', '* * * * *')`,
    );
    const out = await repo.writePage(
      instance,
      {
        cursor: { letters: [['FY\u00009', 'x']] },
        records: [
          {
            externalId: 'FY\u00001',
            raw: '<td>路灯\u0000不亮</td>',
            contentType: 'text/html',
            draft: { ...draft('路灯\u0000不亮'), title: '\u0000标题' },
          },
          {
            externalId: 'FY2',
            raw: 'broken\u0000page',
            contentType: 'text/html',
            parseError: 'no\u0000content',
          },
        ],
      },
      new Date(),
    );
    expect(out).toMatchObject({ fetched: 2, emitted: 1, quarantined: 1 });
    const [item] = await db.query<{ external_id: string; payload: { content: string; title: string } }>(
      `SELECT external_id, payload FROM appeal_items WHERE connector_id = 'nul'`,
    );
    expect(item.external_id).toBe('FY\uFFFD1');
    expect(item.payload).toMatchObject({ content: '路灯\uFFFD不亮', title: '\uFFFD标题' });
    const [letter] = await db.query<{ reason: string; payload: string }>(
      `SELECT reason, payload FROM dead_letters WHERE reason_code = 'parse_failed' AND payload LIKE 'broken%'`,
    );
    expect(letter).toEqual({ reason: 'no\uFFFDcontent', payload: 'broken\uFFFDpage' });
    const [cursor] = await db.query<{ cursor: unknown }>(
      `SELECT cursor FROM connector_cursors WHERE connector_id = 'nul'`,
    );
    expect(cursor.cursor).toEqual({ letters: [['FY\uFFFD9', 'x']] });
    // The raw capture keeps the record exactly as fetched (sealed, so the NUL is no problem there).
    expect((await db.query(`SELECT 1 FROM raw_captures WHERE connector_id = 'nul'`)).length).toBe(2);
  });
});
