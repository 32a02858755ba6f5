import { createHmac } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { type DataSource } from 'typeorm';
import { AttachmentRetention } from '../../apps/connectors/src/maintenance/attachment-retention';
import { AttachmentsRepository } from '../../libs/shared/src/attachments';
import { FsBlobStore } from '../../libs/shared/src/blobs';
import { SecretBox } from '../../libs/shared/src/secrets';
import { createDataSource } from '../../libs/shared/src/db';
import { appealId, sha256Hex } from '../../libs/shared/src/ids';
import { generateWorkOrders } from '../simulator/hotline-orders';
import { startLiuyanSimulator } from '../simulator/liuyan/liuyan-board';
import { startMailboxSimulator } from '../simulator/mailbox/mailbox-site';
import { bearer, createKey } from '../support/api-keys';
import { startHub, type HubFixture } from '../support/hub-fixture';
import { waitFor } from '../support/kafka-helpers';
import { media } from '../support/media-files';

const CHANNEL = 'miniapp_fy';
const SECRET = 'attach-test-secret-0123456789';
const COUNTIES = ['341202', '341203', '341204', '341221', '341222', '341225', '341226', '341282'];

interface AttachmentJson {
  id: string;
  kind: string;
  status: string;
  mediaType: string | null;
  size: number | null;
  sha256: string | null;
  reasonCode: string | null;
  reason: string | null;
  attempts: number;
  href: string | null;
}

/**
 * Attachment capture on the real apps, PostgreSQL and Kafka (decision 021): the connectors fetch the files of a push
 * item and a 12345 work order from the simulator, store each picture once, and consumers download them by scope.
 */
describe('attachments: capture, storage, scoped download', () => {
  let hub: HubFixture;
  let base: string;
  let blobDir: string;
  let ds: DataSource;
  const files = {
    a: media.jpeg(120_000, 'picture-a'),
    b: media.png(80_000, 'picture-b'),
    clip: media.mp4(600_000, 'clip'),
    c: media.jpeg(90_000, 'picture-c'),
    clip2: media.webm(400_000, 'clip-2'),
    big: media.jpeg(400_000, 'too-big'),
    exe: media.exe(50_000, 'payload'),
  };
  const urls: Record<string, string> = {};
  const pushId = appealId(CHANNEL, 'wx-att-1');
  const faultId = appealId(CHANNEL, 'wx-att-faults');
  let orderId: string;

  const post = (body: unknown) => {
    const raw = JSON.stringify(body);
    const ts = String(Math.floor(Date.now() / 1000));
    const signature = `sha256=${createHmac('sha256', SECRET).update(`${ts}.${raw}`).digest('hex')}`;
    return fetch(`${base}/intake/${CHANNEL}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-minsheng-timestamp': ts,
        'x-minsheng-signature': signature,
      },
      body: raw,
    });
  };
  const rowsOf = (itemId: string) =>
    hub.db.query<{
      url: string;
      status: string;
      sha256: string | null;
      reason_code: string | null;
      attempts: number;
    }>(
      `SELECT url, status, sha256, reason_code, attempts FROM item_attachments WHERE item_id = $1 ORDER BY url`,
      [itemId],
    );
  const settled = async (itemId: string, n: number) => {
    const rows = await rowsOf(itemId);
    return rows.length === n && rows.every((r) => r.status !== 'pending');
  };
  const blobFiles = async (): Promise<string[]> => {
    const out: string[] = [];
    for (const a of await readdir(blobDir).catch(() => []))
      for (const b of await readdir(join(blobDir, a)))
        out.push(...(await readdir(join(blobDir, a, b))).filter((f) => /^[0-9a-f]{64}$/.test(f)));
    return out.sort();
  };
  const pushDelivery = {
    externalId: 'wx-att-1',
    content: '颍州区清河路幸福小区门口垃圾堆放多日无人清理，附照片和视频',
    appealType: 'complaint',
    address: '阜阳市颍州区清河路幸福小区',
    attachments: [] as { url: string; kind: string }[],
  };

  beforeAll(async () => {
    blobDir = await mkdtemp(join(tmpdir(), 'minsheng-blobs-'));
    const generated = generateWorkOrders(3).find((g) => g.expectedCountyCode !== null);
    if (!generated) throw new Error('no generated order with a place');
    hub = await startHub('attach', {
      orders: [generated.order],
      env: {
        BLOB_DIR: blobDir,
        ATTACHMENT_POLL_MS: '200',
        ATTACHMENT_BACKOFF_BASE_MS: '300',
        ATTACHMENT_MAX_ATTEMPTS: '3',
        ATTACHMENT_MAX_IMAGE_BYTES: '300000',
      },
    });
    urls.a = hub.sim.putFile('push/a.jpg', files.a, 'image/jpeg');
    urls.b = hub.sim.putFile('push/b.png', files.b, 'image/png');
    urls.clip = hub.sim.putFile('push/clip.mp4', files.clip, 'video/mp4');
    // The same picture again, from the hotline's own file service under another name.
    urls.aAgain = hub.sim.putFile('12345/IMG_0001.jpg', files.a, 'application/octet-stream');
    urls.c = hub.sim.putFile('12345/IMG_0002.jpg', files.c, 'image/jpeg');
    urls.clip2 = hub.sim.putFile('12345/VID_0001.webm', files.clip2, 'video/webm');
    urls.big = hub.sim.putFile('push/big.jpg', files.big, 'image/jpeg');
    urls.exe = hub.sim.putFile('push/photo.jpg', files.exe, 'image/jpeg');
    urls.missing = `${hub.sim.url}/files/push/missing.jpg`;
    hub.sim.upsertOrder({
      ...generated.order,
      attachments: [
        { fileName: 'IMG_0001.jpg', fileType: '图片', fileUrl: urls.aAgain },
        { fileName: 'IMG_0002.jpg', fileType: '图片', fileUrl: urls.c },
        { fileName: 'VID_0001.webm', fileType: '视频', fileUrl: urls.clip2 },
      ],
    });
    orderId = appealId('hotline_12345', generated.order.recordNo);
    pushDelivery.attachments = [
      { url: urls.a, kind: 'image' },
      { url: urls.b, kind: 'image' },
      { url: urls.clip, kind: 'video' },
    ];
    // Stored as the push channel API stores it: sealed (an unsealed secret is refused, decision 023).
    await hub.db.query(`INSERT INTO push_channels (channel, secret, enabled) VALUES ($1, $2, true)`, [
      CHANNEL,
      new SecretBox(hub.env.SECRETS_KEY).seal(SECRET),
    ]);
    ds = createDataSource(hub.db.url, { poolSize: 2 });
    await ds.initialize();
    await Promise.all([hub.apps.gateway.start(), hub.apps.router.start(), hub.apps.connectors.start()]);
    base = `http://127.0.0.1:${hub.env.GATEWAY_PORT}`;
  });

  afterAll(async () => {
    await ds?.destroy();
    await hub?.close();
    await rm(blobDir, { recursive: true, force: true });
  });

  it('stores the two images and the video of a push item and of a 12345 work order, the shared picture once', async () => {
    expect((await post(pushDelivery)).status).toBe(202);
    // A retry of the same delivery changes nothing: no new revision, no second fetch.
    expect(await (await post(pushDelivery)).json()).toMatchObject({ status: 'unchanged' });
    await hub.addHotlineInstance();
    await waitFor('push attachments stored', () => settled(pushId, 3), 60_000);
    await waitFor('work order attachments stored', () => settled(orderId, 3), 60_000);

    const push = await rowsOf(pushId);
    const order = await rowsOf(orderId);
    expect([...push, ...order].map((r) => r.status)).toEqual(Array(6).fill('stored'));
    const hashOf = (b: Buffer) => sha256Hex(b);
    expect(push.map((r) => r.sha256).sort()).toEqual([files.a, files.b, files.clip].map(hashOf).sort());
    expect(order.map((r) => r.sha256).sort()).toEqual([files.a, files.c, files.clip2].map(hashOf).sort());
    // Six references, five distinct files: the picture sent to both channels is stored once.
    const expected = [files.a, files.b, files.clip, files.c, files.clip2].map(hashOf).sort();
    expect(await blobFiles()).toEqual(expected);
    const blobs = await hub.db.query<{ sha256: string; media_type: string }>(
      `SELECT sha256, media_type FROM attachment_blobs ORDER BY sha256`,
    );
    expect(blobs.map((b) => b.sha256)).toEqual(expected);
    expect(new Map(blobs.map((b) => [b.sha256, b.media_type])).get(hashOf(files.clip2))).toBe('video/webm');
    expect(hub.sim.fileRequests('push/a.jpg')).toBe(1);
  });

  it('lets a consumer key download them within its scope, and answers 404 outside it', async () => {
    await waitFor(
      'both items routed',
      async () =>
        (
          await hub.db.query(`SELECT 1 FROM ticket_heads WHERE item_id = ANY($1::text[])`, [
            [pushId, orderId],
          ])
        ).length === 2,
      90_000,
    );
    const heads = await hub.db.query<{ item_id: string; county_code: string | null }>(
      `SELECT item_id, county_code FROM ticket_heads WHERE item_id = ANY($1::text[])`,
      [[pushId, orderId]],
    );
    const mine = heads.map((h) => h.county_code ?? '341200');
    const inScope = await createKey(hub.db, 'consumer', {
      counties: mine.includes('341200') ? ['341200'] : mine,
    });
    const other = COUNTIES.find((c) => !mine.includes(c)) ?? '341282';
    const outOfScope = await createKey(hub.db, 'consumer', { counties: [other] });
    const served = new Map(
      [files.a, files.b, files.clip, files.c, files.clip2].map((f) => [sha256Hex(f), f] as const),
    );

    for (const id of [pushId, orderId]) {
      const list = await fetch(`${base}/api/v1/tickets/${id}/attachments`, { headers: bearer(inScope) });
      expect(list.status).toBe(200);
      const body = (await list.json()) as { attachments: AttachmentJson[] };
      expect(body.attachments).toHaveLength(3);
      expect(JSON.stringify(body)).not.toContain(hub.sim.url);
      for (const a of body.attachments) {
        expect(a).toMatchObject({ status: 'stored', href: `/api/v1/tickets/${id}/attachments/${a.id}` });
        const res = await fetch(`${base}${a.href}`, { headers: bearer(inScope) });
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toBe(a.mediaType);
        expect(res.headers.get('x-content-type-options')).toBe('nosniff');
        const bytes = Buffer.from(await res.arrayBuffer());
        expect(bytes.equals(served.get(a.sha256 ?? '') ?? Buffer.alloc(0))).toBe(true);

        const denied = await fetch(`${base}${a.href}`, { headers: bearer(outOfScope) });
        expect(denied.status).toBe(404);
        expect(await denied.json()).toMatchObject({ code: 'not_found' });
      }
      const deniedList = await fetch(`${base}/api/v1/tickets/${id}/attachments`, {
        headers: bearer(outOfScope),
      });
      expect(deniedList.status).toBe(404);
    }
    // An attachment id of another ticket does not open through this one.
    const [orderAtt] = await hub.db.query<{ id: string }>(
      `SELECT id FROM item_attachments WHERE item_id = $1`,
      [orderId],
    );
    const crossed = await fetch(`${base}/api/v1/tickets/${pushId}/attachments/${orderAtt.id}`, {
      headers: bearer(inScope),
    });
    expect(crossed.status).toBe(404);
    // Without a key, nothing.
    expect((await fetch(`${base}/api/v1/tickets/${pushId}/attachments/${orderAtt.id}`)).status).toBe(401);
  });

  it('gives Open311 a short-lived signed media_url that opens the picture without a key, and not once tampered', async () => {
    const key = await createKey(hub.db, 'consumer', { counties: ['341200'] });
    const res = await fetch(`${base}/open311/v2/requests/${pushId}.json`, { headers: bearer(key) });
    expect(res.status).toBe(200);
    const [request] = (await res.json()) as { media_url: string | null }[];
    expect(request.media_url).toMatch(
      new RegExp(`^${base}/api/v1/attachment-links/at_[0-9a-f]{32}\\?expires=\\d+&signature=[0-9a-f]{64}$`),
    );
    const link = request.media_url ?? '';
    const opened = await fetch(link);
    expect(opened.status).toBe(200);
    // The first stored image of the item (a or b), with its sniffed type.
    const bytes = Buffer.from(await opened.arrayBuffer());
    expect(bytes.equals(files.a) || bytes.equals(files.b)).toBe(true);
    expect(opened.headers.get('content-type')).toMatch(/^image\/(jpeg|png)$/);
    const forged = await fetch(
      link.replace(/signature=[0-9a-f]/, (m) =>
        m.endsWith('0') ? `${m.slice(0, -1)}1` : `${m.slice(0, -1)}0`,
      ),
    );
    expect(forged.status).toBe(403);
    const later = await fetch(
      link.replace(/expires=\d+/, `expires=${Math.floor(Date.now() / 1000) + 999_999}`),
    );
    expect(later.status).toBe(403);
    const expired = new URL(link);
    expired.searchParams.set('expires', '1000');
    expect((await fetch(expired)).status).toBe(403);
  });

  it('refuses an oversized and a disguised file with a reason, retries an upstream 404 then records it, and routes the item regardless', async () => {
    const res = await post({
      externalId: 'wx-att-faults',
      content: '颍州区清河路幸福小区门口路灯不亮',
      appealType: 'complaint',
      address: '阜阳市颍州区清河路幸福小区',
      attachments: [
        { url: urls.big, kind: 'image' },
        { url: urls.exe, kind: 'image' },
        { url: urls.missing, kind: 'image' },
      ],
    });
    expect(res.status).toBe(202);
    // Routed while its attachments are still being fetched or retried.
    await waitFor(
      'the item with failing attachments routed',
      async () =>
        (await hub.db.query(`SELECT 1 FROM ticket_heads WHERE item_id = $1`, [faultId])).length === 1,
      90_000,
    );
    await waitFor('every fetch settled', () => settled(faultId, 3), 60_000);
    const key = await createKey(hub.db, 'consumer', { counties: ['341200'] });
    const list = (await (
      await fetch(`${base}/api/v1/tickets/${faultId}/attachments`, { headers: bearer(key) })
    ).json()) as { attachments: AttachmentJson[] };
    const rows = await rowsOf(faultId);
    const byUrl = new Map(rows.map((r) => [r.url, r]));
    expect(byUrl.get(urls.big)).toMatchObject({ status: 'refused', reason_code: 'too_large', attempts: 1 });
    expect(byUrl.get(urls.exe)).toMatchObject({
      status: 'refused',
      reason_code: 'disguised_executable',
      attempts: 1,
    });
    expect(byUrl.get(urls.missing)).toMatchObject({
      status: 'failed',
      reason_code: 'not_found',
      attempts: 3,
    });
    expect(hub.sim.fileRequests('push/missing.jpg')).toBe(3);
    expect(list.attachments.map((a) => a.reasonCode).sort()).toEqual([
      'disguised_executable',
      'not_found',
      'too_large',
    ]);
    expect(list.attachments.find((a) => a.reasonCode === 'disguised_executable')?.reason).toMatch(
      /Windows executable.*\.jpg/,
    );
    expect(list.attachments.every((a) => a.href === null)).toBe(true);
    // Nothing of the refused files was stored.
    const stored = await blobFiles();
    for (const f of [files.big, files.exe]) expect(stored).not.toContain(sha256Hex(f));
    const denied = await fetch(`${base}/api/v1/tickets/${faultId}/attachments/${list.attachments[0].id}`, {
      headers: bearer(key),
    });
    expect(denied.status).toBe(409);
    expect(await denied.json()).toMatchObject({ code: 'attachment_not_stored' });
  });

  it('deletes, after the retention period, a blob no retained revision refers to, and keeps the rest', async () => {
    // Revision 2 of the push item drops picture b.
    const res = await post({
      ...pushDelivery,
      attachments: pushDelivery.attachments.filter((a) => a.url !== urls.b),
    });
    expect(await res.json()).toMatchObject({ revision: 2, status: 'updated' });
    const retention = new AttachmentRetention(
      new AttachmentsRepository(ds),
      new FsBlobStore(blobDir),
      { retentionDays: 90 },
      pino({ level: 'silent' }),
    );
    // Today nothing is old enough.
    expect(await retention.purgeOnce(new Date())).toEqual({ status: 'purged', references: 0, blobs: 0 });
    const later = new Date(Date.now() + 91 * 24 * 3600 * 1000);
    expect(await retention.purgeOnce(later)).toEqual({ status: 'purged', references: 1, blobs: 1 });
    const left = await blobFiles();
    expect(left).not.toContain(sha256Hex(files.b));
    // Picture a is still referenced (push revision 2 and the work order), as are the videos and c.
    expect(left).toEqual([files.a, files.clip, files.c, files.clip2].map((f) => sha256Hex(f)).sort());
  });

  it("stores the picture on a board thread's detail page and on a mailbox letter's page, from relative links", async () => {
    const board = await startLiuyanSimulator({ host: '127.0.0.1' });
    const mailbox = await startMailboxSimulator({ host: '127.0.0.1' });
    try {
      const boardPicture = media.jpeg(60_000, 'board-picture');
      const letterPicture = media.png(40_000, 'letter-picture');
      const boardPath = board.board.putFile('2026/thread.jpg', boardPicture, 'image/jpeg');
      const letterPath = mailbox.putFile('letter.png', letterPicture, 'image/png');
      // A thread long enough for the list to cut it, so its detail page is read; the picture is page-relative.
      const thread = board.board.addThread(1234, {
        subject: '颍州区文峰街道路口积水严重',
        content:
          '文峰街道人民路与中清路交叉口每逢下雨就大面积积水，电动车经过经常熄火，行人只能绕行，附上现场照片，希望有关部门尽快疏通排水管道。',
      });
      board.board.addPicture(thread.tid, `..${boardPath.slice('/liuyan'.length)}`);
      const [letter] = mailbox.letters();
      // The same picture in 来信内容 (relative to content.jsp) and in the 附件 row (site-relative): one attachment.
      mailbox.addPicture(letter.letterNo, letterPath.slice('/mailbox/'.length));
      mailbox.addFile(letter.letterNo, letterPath);
      const insert = (id: string, type: string, config: Record<string, unknown>) =>
        hub.db.query(
          `INSERT INTO connector_instances (id, type, name, config, schedule, enabled) VALUES ($1, $2, $3, $4, '*/2 * * * * *', true)`,
          [id, type, id, JSON.stringify(config)],
        );
      await insert('liuyan-att', 'people_liuyan', {
        baseUrl: board.url,
        boards: [{ fid: 1234, name: '阜阳市委书记' }],
        pageSize: 3,
        recheckRecent: 0,
        maxPagesPerRun: 1,
      });
      await insert('mailbox-att', 'mayor_mailbox', {
        listUrl: mailbox.listUrl,
        mailboxOwner: '阜阳市市长信箱',
        maxPages: 1,
      });
      const threadItem = appealId('people_liuyan', String(thread.tid));
      const letterItem = appealId('mayor_mailbox', letter.letterNo);
      await waitFor('the board picture stored', () => settled(threadItem, 1), 90_000);
      await waitFor('the letter picture stored', () => settled(letterItem, 1), 90_000);

      const boardOrigin = new URL(board.url).origin;
      expect(await rowsOf(threadItem)).toEqual([
        expect.objectContaining({
          url: `${boardOrigin}/liuyan/files/2026%2Fthread.jpg`,
          status: 'stored',
          sha256: sha256Hex(boardPicture),
        }),
      ]);
      expect(await rowsOf(letterItem)).toEqual([
        expect.objectContaining({
          url: `${mailbox.url}/mailbox/files/letter.png`,
          status: 'stored',
          sha256: sha256Hex(letterPicture),
        }),
      ]);
      const stored = await blobFiles();
      expect(stored).toContain(sha256Hex(boardPicture));
      expect(stored).toContain(sha256Hex(letterPicture));
      // The item carries the URL; the revision that listed it is the one the capture row refers to.
      const [item] = await hub.db.query<{ attachments: { url: string; kind: string }[] }>(
        `SELECT payload->'attachments' AS attachments FROM appeal_items WHERE id = $1 ORDER BY revision DESC LIMIT 1`,
        [letterItem],
      );
      expect(item.attachments).toEqual([{ url: `${mailbox.url}/mailbox/files/letter.png`, kind: 'image' }]);
    } finally {
      await hub.db.query(
        `UPDATE connector_instances SET enabled = false WHERE id IN ('liuyan-att', 'mailbox-att')`,
      );
      await board.close();
      await mailbox.close();
    }
  });
});
