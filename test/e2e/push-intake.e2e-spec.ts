import { createHmac } from 'node:crypto';
import { type AppealItemV1 } from '../../libs/shared/src/contracts';
import { appealId } from '../../libs/shared/src/ids';
import { SecretBox } from '../../libs/shared/src/secrets';
import { startHub, type HubFixture } from '../support/hub-fixture';

const CHANNEL = 'miniapp_fy';
const SECRET = 'push-test-secret-0123456789';
const CLEAR_PHONE = '13955501234';

function sign(secret: string, timestamp: string, raw: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${raw}`).digest('hex')}`;
}

/** Push intake on the real gateway and PostgreSQL: signed deliveries become items through the ingest transaction. */
describe('push intake: POST /intake/:channel', () => {
  let hub: HubFixture;
  let base: string;

  const now = () => String(Math.floor(Date.now() / 1000));
  const post = (
    channel: string,
    raw: string,
    opts: { timestamp?: string; signature?: string; secret?: string } = {},
  ) => {
    const timestamp = opts.timestamp ?? now();
    return fetch(`${base}/intake/${channel}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-minsheng-timestamp': timestamp,
        'x-minsheng-signature': opts.signature ?? sign(opts.secret ?? SECRET, timestamp, raw),
      },
      body: raw,
    });
  };
  const delivery = {
    externalId: 'wx-2026-0001',
    title: '小区路灯不亮',
    content: `颍州区清河路幸福小区3号楼前路灯坏了一个月，联系电话${CLEAR_PHONE}`,
    appealType: 'complaint',
    submittedAt: '2026-01-12T09:30:00+08:00',
    address: '阜阳市颍州区清河路幸福小区',
    phone: CLEAR_PHONE,
    name: '王小明',
    attachments: [{ url: 'https://example.org/p/1.jpg', kind: 'image' }],
    extra: { openid: 'o-abc' },
  };
  const counts = async () => {
    const [row] = await hub.db.query<{ items: string; outbox: string; dead: string }>(
      `SELECT (SELECT count(*) FROM appeal_items) AS items, (SELECT count(*) FROM outbox WHERE topic = 'appeal.items.v1') AS outbox,
              (SELECT count(*) FROM dead_letters) AS dead`,
    );
    return { items: Number(row.items), outbox: Number(row.outbox), dead: Number(row.dead) };
  };

  beforeAll(async () => {
    hub = await startHub('push');
    // Stored as the push channel API stores it: sealed (an unsealed secret is refused, decision 023).
    const sealed = new SecretBox(hub.env.SECRETS_KEY).seal(SECRET);
    await hub.db.query(`INSERT INTO push_channels (channel, secret, enabled) VALUES ($1, $2, true)`, [
      CHANNEL,
      sealed,
    ]);
    await hub.db.query(
      `INSERT INTO push_channels (channel, secret, enabled) VALUES ('disabled_ch', $1, false)`,
      [sealed],
    );
    await hub.apps.gateway.start();
    base = `http://127.0.0.1:${hub.env.GATEWAY_PORT}`;
  });

  afterAll(async () => {
    await hub?.close();
  });

  it('accepts a signed delivery once, and a retry of it as unchanged', async () => {
    const raw = JSON.stringify(delivery);
    const first = await post(CHANNEL, raw);
    expect(first.status).toBe(202);
    const id = appealId(CHANNEL, delivery.externalId);
    expect(await first.json()).toEqual({ id, revision: 1, status: 'created' });
    expect(await counts()).toEqual({ items: 1, outbox: 1, dead: 0 });

    const again = await post(CHANNEL, raw);
    expect(again.status).toBe(202);
    expect(await again.json()).toEqual({ id, revision: 1, status: 'unchanged' });
    expect(await counts()).toEqual({ items: 1, outbox: 1, dead: 0 });

    const [item] = await hub.db.query<{
      payload: AppealItemV1;
      connector_id: string;
      channel: string;
    }>(`SELECT payload, connector_id, channel FROM appeal_items WHERE id = $1`, [id]);
    expect(item.connector_id).toBe(`push:${CHANNEL}`);
    expect(item.channel).toBe(CHANNEL);
    expect(item.payload.source).toMatchObject({ connectorId: `push:${CHANNEL}`, parserVersion: 'push/1' });
    expect(item.payload.reporter).toMatchObject({
      phoneMasked: '139****1234',
      phoneHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      nameMasked: '王**',
      anonymous: false,
    });
    expect(item.payload.submittedAt).toBe(delivery.submittedAt);
    // The raw capture is the exact body, content-addressed, and sealed at rest.
    const [rawRow] = await hub.db.query<{ body: string }>(`SELECT body FROM raw_captures WHERE sha256 = $1`, [
      item.payload.source.rawSha256,
    ]);
    expect(rawRow.body).not.toContain(CLEAR_PHONE);
    expect(new SecretBox(hub.env.SECRETS_KEY).open(rawRow.body)).toBe(raw);
    const [out] = await hub.db.query<{ message_key: string; payload: string }>(
      `SELECT message_key, payload FROM outbox WHERE topic = 'appeal.items.v1'`,
    );
    expect(out.message_key).toBe(id);
    expect(JSON.parse(out.payload)).toMatchObject({ id, revision: 1 });

    // A clear phone number is nowhere but the raw capture: not in the item, the outbox or the gateway's logs.
    expect(JSON.stringify(item.payload)).not.toContain(CLEAR_PHONE);
    expect(out.payload).not.toContain(CLEAR_PHONE);
  });

  it('makes changed content the next revision', async () => {
    const raw = JSON.stringify({ ...delivery, content: `${delivery.content}。补充：已报修两次` });
    const res = await post(CHANNEL, raw);
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ revision: 2, status: 'updated' });
    expect((await counts()).outbox).toBe(2);
  });

  it('keeps the first time received for a delivery without submittedAt, so its retry is unchanged', async () => {
    const raw = JSON.stringify({ externalId: 'wx-2026-0002', content: '反映噪音扰民问题' });
    const first = await post(CHANNEL, raw);
    expect(first.status).toBe(202);
    expect(await first.json()).toMatchObject({ status: 'created' });
    await new Promise((r) => setTimeout(r, 20));
    const again = await post(CHANNEL, raw);
    expect(await again.json()).toMatchObject({ revision: 1, status: 'unchanged' });
  });

  it('serializes concurrent retries of one delivery: one item, one outbox row', async () => {
    const raw = JSON.stringify({ ...delivery, externalId: 'wx-2026-0003' });
    const before = await counts();
    const answers = await Promise.all([1, 2, 3, 4].map(() => post(CHANNEL, raw)));
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202, 202]);
    const statuses = await Promise.all(
      answers.map(async (a) => ((await a.json()) as { status: string }).status),
    );
    expect(statuses.sort()).toEqual(['created', 'unchanged', 'unchanged', 'unchanged']);
    const after = await counts();
    expect(after.items - before.items).toBe(1);
    expect(after.outbox - before.outbox).toBe(1);
  });

  it('refuses a bad, missing or stale signature with 401 bad_signature', async () => {
    const before = await counts();
    const raw = JSON.stringify({ ...delivery, externalId: 'wx-sig' });
    for (const res of [
      await post(CHANNEL, raw, { secret: 'not-the-secret' }),
      await post(CHANNEL, raw, { signature: '' }),
      await post(CHANNEL, raw, { signature: 'sha256=zz' }),
      await post(CHANNEL, raw, { timestamp: String(Math.floor(Date.now() / 1000) - 301) }),
      await post(CHANNEL, raw, { timestamp: String(Math.floor(Date.now() / 1000) + 3600) }),
    ]) {
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({
        code: 'bad_signature',
        message: expect.any(String),
        correlationId: expect.any(String),
      });
    }
    // Signed over other bytes than were sent (a re-serialized body) does not pass either.
    const ts = now();
    const tampered = await post(CHANNEL, raw.replace('wx-sig', 'wx-siG'), {
      timestamp: ts,
      signature: sign(SECRET, ts, raw),
    });
    expect(tampered.status).toBe(401);
    expect(await counts()).toEqual(before);
  });

  it('refuses a body over the channel limit with 413 once signed, and one over the cap whatever the signature', async () => {
    const before = await counts();
    const bad = 'sha256=' + '0'.repeat(64);
    const body = (size: number) =>
      JSON.stringify({ ...delivery, externalId: `wx-big-${size}`, extra: { pad: 'x'.repeat(size) } });
    const tooLarge = async (res: Response) => {
      expect(res.status).toBe(413);
      expect(await res.json()).toEqual({
        code: 'payload_too_large',
        message: expect.any(String),
        correlationId: expect.stringMatching(/.+/),
      });
    };
    // Over this channel's 256 KiB but under the 1 MiB cap: 413 only for a caller holding the secret. Unsigned, it is
    // answered as for a channel that does not exist, so a size cannot tell which names exist.
    await tooLarge(await post(CHANNEL, body(300 * 1024)));
    for (const channel of [CHANNEL, 'no_such_channel']) {
      const res = await post(channel, body(300 * 1024), { signature: bad });
      expect([channel, res.status]).toEqual([channel, 401]);
    }
    // Over the cap (and the JSON parser's limit): 413 before any HMAC, known channel or not.
    for (const channel of [CHANNEL, 'no_such_channel'])
      await tooLarge(await post(channel, body(2 * 1024 * 1024), { signature: bad }));
    expect(await counts()).toEqual(before);
  });

  it('refuses a schema-invalid body with 400 invalid_body and per-field messages', async () => {
    const before = await counts();
    const raw = JSON.stringify({
      externalId: '',
      content: '',
      phone: 'call me',
      appealType: 'rant',
      colour: 'red',
    });
    const res = await post(CHANNEL, raw);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { code: string; message: string; errors: { field: string }[] };
    expect(body).toMatchObject({ code: 'invalid_body', correlationId: expect.any(String) });
    expect(body.errors.map((e) => e.field).sort()).toEqual(
      expect.arrayContaining(['(root)', 'appealType', 'content', 'externalId', 'phone']),
    );
    expect(body.message).toContain('phone:');
    expect(await counts()).toEqual(before);
  });

  it('refuses malformed JSON with 400 invalid_body, without quoting the body', async () => {
    const raw = `{"externalId": "wx-bad", "phone": "${CLEAR_PHONE}", `;
    const res = await post(CHANNEL, raw);
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({
      code: 'invalid_body',
      message: expect.any(String),
      correlationId: expect.stringMatching(/.+/),
    });
    expect(text).not.toContain(CLEAR_PHONE);
  });

  it('answers an unknown or disabled channel like a bad signature (401), so channel names cannot be probed', async () => {
    const raw = JSON.stringify(delivery);
    for (const channel of ['no_such_channel', 'disabled_ch', 'BAD..name']) {
      const res = await post(channel, raw);
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({
        code: 'bad_signature',
        message: 'signature does not match',
        correlationId: expect.any(String),
      });
    }
  });

  it('never logs the clear phone number', () => {
    const lines = hub.apps.gateway.lines;
    expect(lines.some((l) => l.includes('push delivery accepted'))).toBe(true);
    expect(lines.some((l) => l.includes('push delivery refused'))).toBe(true);
    expect(lines.filter((l) => l.includes(CLEAR_PHONE))).toEqual([]);
  });
});
