import { Client } from 'pg';
import pino from 'pino';
import { type DataSource } from 'typeorm';
import { RawRetention } from '../../apps/connectors/src/maintenance/raw-retention';
import { createDataSource } from '../../libs/shared/src/db';
import { DeadLettersRepository, RawCapturesRepository } from '../../libs/shared/src/ingest';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const NOW = new Date('2026-11-27T19:30:00Z'); // 03:30 next day in Asia/Shanghai
const DAY = 24 * 60 * 60 * 1000;
const sha = (c: string) => c.repeat(64);
const daysAgo = (d: number) => new Date(NOW.getTime() - d * DAY).toISOString();

/** Raw capture retention against PostgreSQL: old captures go, the ones a fixed parser would need stay. */
describe('raw capture retention', () => {
  let db: TestDatabase;
  let ds: DataSource;
  const logger = pino({ level: 'silent' });

  const capture = (s: string, externalId: string, fetchedDaysAgo: number) =>
    db.query(
      `INSERT INTO raw_captures (sha256, connector_id, external_id, content_type, body, fetched_at)
       VALUES ($1, 'c1', $2, 'application/json', '{}', $3)`,
      [s, externalId, daysAgo(fetchedDaysAgo)],
    );
  const revision = (id: string, rev: number, raw: string) =>
    db.query(
      `INSERT INTO appeal_items (id, revision, channel, external_id, connector_id, content_sha256, payload, received_at)
       VALUES ($1, $2, 'hotline_12345', $1, 'c1', $3, $4, now())`,
      [id, rev, `content-${rev}`, JSON.stringify({ source: { rawSha256: raw } })],
    );
  const head = (id: string, rev: number) =>
    db.query(`INSERT INTO appeal_item_heads (id, revision, content_sha256) VALUES ($1, $2, $3)`, [
      id,
      rev,
      `content-${rev}`,
    ]);
  const remaining = async () =>
    (await db.query<{ sha256: string }>(`SELECT sha256 FROM raw_captures ORDER BY sha256`)).map((r) =>
      r.sha256.slice(0, 1),
    );

  beforeAll(async () => {
    db = await createTestDatabase('retention');
    ds = createDataSource(db.url, { poolSize: 2 });
    await ds.initialize();
    // Item A: revision 1 from capture a (old), revision 2 (head) from capture b (old).
    await capture(sha('a'), 'A', 200);
    await capture(sha('b'), 'A', 150);
    await revision('A', 1, sha('a'));
    await revision('A', 2, sha('b'));
    await head('A', 2);
    // Item B: head from capture c (old); a newer capture d (old too) was quarantined, the newest of record B.
    await capture(sha('c'), 'B', 300);
    await capture(sha('d'), 'B', 120);
    await revision('B', 1, sha('c'));
    await head('B', 1);
    // Record C: an older capture e and a recent one f, never an item.
    await capture(sha('e'), 'C', 100);
    await capture(sha('f'), 'C', 10);
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('keeps everything when RAW_RETENTION_DAYS is 0', async () => {
    const job = new RawRetention(new RawCapturesRepository(ds), { retentionDays: 0 }, logger);
    expect(await job.purgeOnce(NOW)).toEqual({ status: 'disabled' });
    expect(await remaining()).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
  });

  it('skips while another replica holds the job lock', async () => {
    const other = new Client({ connectionString: db.url });
    await other.connect();
    try {
      await other.query('BEGIN');
      await other.query(`SELECT pg_advisory_xact_lock(hashtext('maintenance'), hashtext('raw_retention'))`);
      const job = new RawRetention(new RawCapturesRepository(ds), { retentionDays: 90 }, logger);
      expect(await job.purgeOnce(NOW)).toEqual({ status: 'locked_elsewhere' });
      expect(await remaining()).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    } finally {
      await other.query('ROLLBACK');
      await other.end();
    }
  });

  it('deletes old captures no head revision refers to, keeping the newest capture of every record', async () => {
    const job = new RawRetention(new RawCapturesRepository(ds), { retentionDays: 90 }, logger);
    // a: old, behind a superseded revision -> gone. b, c: behind heads. d: newest of record B. e: superseded by f.
    expect(await job.purgeOnce(NOW)).toEqual({ status: 'purged', deleted: 2, expired: 0, deadLetters: 0 });
    expect(await remaining()).toEqual(['b', 'c', 'd', 'f']);
    // Idempotent.
    expect(await job.purgeOnce(NOW)).toEqual({ status: 'purged', deleted: 0, expired: 0, deadLetters: 0 });
  });

  it('respects the retention: nothing younger than it goes', async () => {
    await capture(sha('g'), 'C', 5);
    const job = new RawRetention(new RawCapturesRepository(ds), { retentionDays: 30 }, logger);
    // f (10 days) is no longer the newest of record C, but is within 30 days.
    expect(await job.purgeOnce(NOW)).toMatchObject({ status: 'purged', deleted: 0 });
    expect(await job.purgeOnce(new Date(NOW.getTime() + 25 * DAY))).toMatchObject({
      status: 'purged',
      deleted: 1,
    });
    expect(await remaining()).toEqual(['b', 'c', 'd', 'g']);
  });

  it('deletes every capture past the maximum age, even those behind a head revision (clear PII)', async () => {
    // b (150 days), c (300) sit behind heads and d (120) is the newest of record B: kept by retention alone.
    const job = new RawRetention(
      new RawCapturesRepository(ds),
      { retentionDays: 0, maxAgeDays: 140 },
      logger,
    );
    expect(await job.purgeOnce(NOW)).toEqual({ status: 'purged', deleted: 0, expired: 2, deadLetters: 0 });
    expect(await remaining()).toEqual(['d', 'g']);
  });

  it('deletes dead letters older than DEAD_LETTER_RETENTION_DAYS, replayed or not', async () => {
    const letter = (key: string, createdDaysAgo: number, replayed: boolean) =>
      db.query(
        `INSERT INTO dead_letters (stage, reason_code, reason, message_key, payload, created_at, replayed_at)
         VALUES ('connector', 'parse_failed', 'bad', $1, '{}', $2, $3)`,
        [key, daysAgo(createdDaysAgo), replayed ? daysAgo(createdDaysAgo - 1) : null],
      );
    await letter('old-replayed', 60, true);
    await letter('old', 45, false);
    await letter('recent', 10, false);
    const job = new RawRetention(
      new RawCapturesRepository(ds),
      { retentionDays: 0, deadLetterDays: 30 },
      logger,
      new DeadLettersRepository(ds),
    );
    expect(await job.purgeOnce(NOW)).toEqual({ status: 'purged', deleted: 0, expired: 0, deadLetters: 2 });
    const left = await db.query<{ message_key: string }>(`SELECT message_key FROM dead_letters`);
    expect(left.map((l) => l.message_key)).toEqual(['recent']);
  });
});
