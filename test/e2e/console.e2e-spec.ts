import { type Browser } from 'playwright-core';
import { startMailboxSimulator, type MailboxSimulator } from '../simulator/mailbox/mailbox-site';
import { bearer, createKey } from '../support/api-keys';
import { ConsoleTab, launchBrowser } from '../support/console-browser';
import { startHub, type HubFixture } from '../support/hub-fixture';
import { waitFor } from '../support/kafka-helpers';

/**
 * The web console in Debian's chromium against the real gateway, connectors, router, Kafka and PostgreSQL: one hub
 * and one browser for the file, a fresh tab (cookie jar) per user. Screenshots land in .run/console/.
 */
describe('console (browser)', () => {
  let hub: HubFixture;
  let mailbox: MailboxSimulator;
  let browser: Browser;
  let base: string;
  let keys: { admin: string; operator: string };
  const tabs: ConsoleTab[] = [];

  const open = async (): Promise<ConsoleTab> => {
    const tab = await ConsoleTab.open(browser, base);
    tabs.push(tab);
    return tab;
  };
  const auditActions = async (entity: string) =>
    (
      await hub.db.query<{ action: string }>(`SELECT action FROM audit_log WHERE entity = $1 ORDER BY id`, [
        entity,
      ])
    ).map((r) => r.action);

  beforeAll(async () => {
    hub = await startHub('console');
    mailbox = await startMailboxSimulator({ port: 0 });
    await Promise.all([hub.apps.gateway.start(), hub.apps.connectors.start(), hub.apps.router.start()]);
    base = `http://127.0.0.1:${hub.env.GATEWAY_PORT}`;
    keys = { admin: await createKey(hub.db, 'admin'), operator: await createKey(hub.db, 'operator') };
    browser = await launchBrowser();
  });

  afterEach(async () => {
    // Every page a test opened rendered without a console error or an uncaught exception.
    const errors = tabs.flatMap((t) => t.errors);
    for (const t of tabs.splice(0)) await t.close();
    expect(errors).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await mailbox?.close();
    await hub?.close();
  });

  describe('session', () => {
    it('serves the console with a strict CSP and the single-page fallback', async () => {
      const res = await fetch(`${base}/console/tickets/deep/link`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('<div id="root">');
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe/);
      expect((await fetch(`${base}/console/assets/missing.js`)).status).toBe(404);
      const escape = await fetch(`${base}/console/..%2f..%2fpackage.json`);
      expect(escape.status).toBe(404);
      expect(await escape.text()).not.toContain('minsheng-hub');
    });

    it('signs in with a key into an HttpOnly SameSite=Strict cookie, refuses a change without the CSRF token, and signs out', async () => {
      const tab = await open();
      await tab.goto('/');
      await tab.page.waitForURL(/\/console\/login$/);
      await tab.page.getByLabel('API 密钥').waitFor();
      await tab.screenshot('login');

      await tab.signIn(keys.admin);
      const [cookie] = await tab.context.cookies();
      expect(cookie).toMatchObject({ name: 'msh_session', httpOnly: true, sameSite: 'Strict', path: '/' });
      expect(cookie.expires).toBeGreaterThan(Date.now() / 1000 + 7 * 3600);
      // Page code runs in the browser; as strings, because this file is typed for Node, not the DOM.
      const stored = await tab.page.evaluate<string>(
        'JSON.stringify([{ ...localStorage }, { ...sessionStorage }])',
      );
      expect(stored).not.toContain(keys.admin.split('_')[2]);
      expect(await tab.page.evaluate<string>('document.cookie')).toBe('');

      // The cookie alone authenticates a read; a change needs the session's CSRF token as well.
      const outcome = await tab.page.evaluate(async () => {
        const post = (headers: Record<string, string>) =>
          fetch('/api/v1/connector-types/mayor_mailbox/validate', {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...headers },
            body: JSON.stringify({ config: {} }),
          });
        const session = (await (await fetch('/api/v1/session')).json()) as {
          csrfToken: string;
          role: string;
        };
        const without = await post({});
        const forged = await post({ 'X-CSRF-Token': 'x'.repeat(43) });
        const withToken = await post({ 'X-CSRF-Token': session.csrfToken });
        return {
          role: session.role,
          without: [without.status, ((await without.json()) as { code: string }).code],
          forged: forged.status,
          withToken: withToken.status,
        };
      });
      expect(outcome).toEqual({
        role: 'admin',
        without: [403, 'csrf_required'],
        forged: 403,
        withToken: 200,
      });

      await tab.page.getByRole('button', { name: /退\s*出/ }).click();
      await tab.page.waitForURL(/\/console\/login$/);
      expect(await tab.context.cookies()).toEqual([]);
      // The old cookie is dead on the server, not just forgotten by the browser.
      const replay = await fetch(`${base}/api/v1/session`, {
        headers: { cookie: `msh_session=${cookie.value}` },
      });
      expect(replay.status).toBe(401);
      expect(await auditActions('console_session')).toEqual(['session.sign_in', 'session.sign_out']);
    });

    it('shows a wrong key as the API refused it, with the correlation id', async () => {
      const tab = await open();
      await tab.goto('/login');
      await tab.page.getByLabel('API 密钥').fill(`msk_${'0'.repeat(16)}_${'A'.repeat(43)}`);
      await tab.page.getByRole('button', { name: /登\s*录/ }).click();
      const alert = tab.page.getByTestId('api-error');
      await expect(alert.textContent()).resolves.toContain('the API key is invalid, expired or revoked');
      await expect(alert.textContent()).resolves.toMatch(/关联编号 \S+/);
      expect(tab.apiFailures.some((f) => f.includes('401'))).toBe(true);
    });
  });

  describe('渠道 channels', () => {
    const checkPasses = async (tab: ConsoleTab) => {
      await tab.page.getByRole('button', { name: /检查连接/ }).click();
      await tab.page
        .getByTestId('check-result')
        .getByText(/检查通过/)
        .waitFor();
    };

    it('an operator creates a mayor_mailbox from the generated form, sees a bad selector at its field, checks, runs it, and the pulled count rises', async () => {
      const tab = await open();
      await tab.signIn(keys.operator);
      await tab.goto('/channels');
      await tab.page.getByRole('button', { name: /新建渠道/ }).click();
      await tab.page.getByTestId('type-select').click();
      await tab.page.getByTitle(/^mayor_mailbox/).click();
      const field = (path: string) => tab.page.locator(`[data-field="${path}"]`);
      await field('listUrl').locator('input').fill(mailbox.listUrl);
      await field('mailboxOwner').locator('input').fill('阜阳市市长信箱');
      await tab.page.getByLabel('名称').fill('阜阳市市长信箱');
      await tab.page.getByLabel('编号（可选）').fill('fy-mailbox');
      await field('selectors.row').locator('input').fill('ul.no-such-list > li');

      await tab.page.getByRole('button', { name: /检查连接/ }).click();
      await expect(
        field('selectors.row').locator('.ant-form-item-explain-error').textContent(),
      ).resolves.toMatch(/\S/);
      await tab.screenshot('channel-check-error');

      await field('selectors.row').locator('input').fill('ul.letter-list > li');
      await checkPasses(tab);
      await tab.page.getByRole('button', { name: /保\s*存/ }).click();
      await tab.page.getByTestId('state-fy-mailbox').waitFor();

      await tab.page.getByTestId('run-fy-mailbox').click();
      // Polled from here: a waitForFunction predicate is evaluated in the page, which the CSP forbids (no eval).
      await waitFor(
        'the pulled count to rise',
        async () => Number(await tab.page.getByTestId('fetched-fy-mailbox').textContent()) > 0,
        90_000,
      );
      await tab.screenshot('channels');
      const [row] = await hub.db.query<{ config: Record<string, unknown> }>(
        `SELECT config FROM connector_instances WHERE id = 'fy-mailbox'`,
      );
      expect(row.config.mailboxOwner).toBe('阜阳市市长信箱');

      // The detail drawer: run history, the cursor (editable only when stopped), and the state machine's actions.
      await tab.page.getByTestId('detail-fy-mailbox').click();
      await tab.page.getByTestId('runs').locator('tr.ant-table-row').first().waitFor();
      const cursor = tab.page.getByTestId('cursor');
      expect(await cursor.getAttribute('readonly')).not.toBeNull();
      const state = tab.page.getByTestId('drawer-state');
      const act = async (action: string, shown: string) => {
        await tab.page.getByTestId(`action-${action}`).click();
        await state.getByText(shown).waitFor();
      };
      await act('pause', '已暂停');
      expect(await tab.page.getByTestId('action-pause').isDisabled()).toBe(true);
      await act('resume', '运行中');
      await act('stop', '已停止');
      expect(await cursor.getAttribute('readonly')).toBeNull();
      await tab.screenshot('channel-detail');
      await act('restart', '运行中');
      expect((await auditActions('connector_instance')).filter((a) => !a.endsWith('create'))).toEqual([
        'connector.run_now',
        'connector.pause',
        'connector.resume',
        'connector.stop',
        'connector.restart',
      ]);
    });

    it('an operator edits fy-mailbox in the same form: a bad value shows at its field, the check runs, and the new page count is there after a reload', async () => {
      const tab = await open();
      await tab.signIn(keys.operator);
      await tab.goto('/channels');
      const field = (path: string) => tab.page.locator(`[data-field="${path}"]`);
      await tab.page.getByTestId('edit-fy-mailbox').click();
      const maxPages = field('maxPages').locator('input');
      await expect(maxPages.inputValue()).resolves.toBe('5');
      await expect(tab.page.getByLabel('名称').inputValue()).resolves.toBe('阜阳市市长信箱');

      await field('selectors.row').locator('input').fill('');
      await tab.page.getByRole('button', { name: /保\s*存/ }).click();
      await expect(
        field('selectors.row').locator('.ant-form-item-explain-error').textContent(),
      ).resolves.toMatch(/\S/);
      await expect(tab.page.getByTestId('api-error').textContent()).resolves.toMatch(/关联编号 \S+/);
      await tab.screenshot('channel-edit-error');

      await field('selectors.row').locator('input').fill('ul.letter-list > li');
      await maxPages.fill('2');
      await checkPasses(tab);
      await tab.page.getByRole('button', { name: /保\s*存/ }).click();
      // Saved: the drawer closes and the operator is told so (antd's static message, rendered under React 19).
      await tab.page.locator('.ant-drawer-title', { hasText: '编辑渠道' }).waitFor({ state: 'detached' });
      await tab.page.locator('.ant-message-notice', { hasText: '渠道已更新' }).waitFor();

      await tab.page.reload();
      await tab.page.getByTestId('edit-fy-mailbox').click();
      await expect(field('maxPages').locator('input').inputValue()).resolves.toBe('2');
      const [row] = await hub.db.query<{ config: { maxPages: number; selectors: { row: string } } }>(
        `SELECT config FROM connector_instances WHERE id = 'fy-mailbox'`,
      );
      expect(row.config.maxPages).toBe(2);
      expect(row.config.selectors.row).toBe('ul.letter-list > li');
      expect((await auditActions('connector_instance')).filter((a) => a === 'connector.update')).toEqual([
        'connector.update',
      ]);
    });

    it('a stored secret is never shown, is kept when left blank, and must be typed again when the URL moves to another host', async () => {
      const created = await fetch(`${base}/api/v1/connectors`, {
        method: 'POST',
        headers: bearer(keys.operator, { 'content-type': 'application/json' }),
        body: JSON.stringify({
          id: 'po-edit',
          type: 'public_opinion',
          name: '舆情监测',
          enabled: false,
          schedule: '0 0 3 * * *',
          config: { baseUrl: 'https://api.yuqing.example', apiKey: 'po-key-original', taskId: 'fy-task' },
        }),
      });
      expect(created.status).toBe(201);
      const storedKey = async () =>
        (
          await hub.db.query<{ config: { apiKey: string; taskId: string } }>(
            `SELECT config FROM connector_instances WHERE id = 'po-edit'`,
          )
        )[0].config;
      const original = (await storedKey()).apiKey;

      const tab = await open();
      await tab.signIn(keys.operator);
      await tab.goto('/channels');
      const field = (path: string) => tab.page.locator(`[data-field="${path}"]`);
      const save = () => tab.page.getByRole('button', { name: /保\s*存/ }).click();
      // Saved: the drawer closes.
      const saved = () =>
        tab.page.locator('.ant-drawer-title', { hasText: '编辑渠道' }).waitFor({ state: 'detached' });
      const apiKey = field('apiKey').locator('input');
      // Created disabled: never scheduled, whatever state it was created in.
      await expect(tab.page.getByTestId('state-po-edit').textContent()).resolves.toBe('已禁用');
      await tab.page.getByTestId('edit-po-edit').click();
      await expect(apiKey.inputValue()).resolves.toBe('');
      await expect(apiKey.getAttribute('placeholder')).resolves.toContain('已设置');

      // The live check needs the secret in the clear, which the browser never has: it asks for it instead.
      await tab.page.getByRole('button', { name: /检查连接/ }).click();
      await expect(field('apiKey').locator('.ant-form-item-explain-error').textContent()).resolves.toContain(
        '重新输入',
      );

      await field('taskId').locator('input').fill('fy-task-2');
      await save();
      await saved();
      expect(await storedKey()).toMatchObject({ apiKey: original, taskId: 'fy-task-2' });

      await tab.page.getByTestId('edit-po-edit').click();
      await field('baseUrl').locator('input').fill('https://elsewhere.example');
      await save();
      await expect(field('apiKey').locator('.ant-form-item-explain-error').textContent()).resolves.toContain(
        '已保存的密钥不会发往新地址',
      );
      await tab.screenshot('channel-edit-secret-rebind');
      expect((await storedKey()).apiKey).toBe(original);

      await apiKey.fill('po-key-for-elsewhere');
      await save();
      await saved();
      const moved = await storedKey();
      expect(moved.apiKey).not.toBe(original);
      expect(JSON.stringify(moved)).not.toContain('po-key-for-elsewhere');
    });
  });

  describe('工单 tickets', () => {
    let counties: { code: string; id: string }[];

    beforeAll(async () => {
      await waitFor(
        'mailbox letters routed into two counties',
        async () =>
          Number(
            (
              await hub.db.query<{ n: string }>(
                `SELECT count(DISTINCT county_code) AS n FROM ticket_heads WHERE county_code IS NOT NULL`,
              )
            )[0].n,
          ) >= 2,
        90_000,
      );
      counties = await hub.db.query<{ code: string; id: string }>(
        `SELECT DISTINCT ON (county_code) county_code AS code, item_id AS id FROM ticket_heads
         WHERE county_code IS NOT NULL ORDER BY county_code, item_id`,
      );
    });

    it('an admin pages through tickets and opens one with its decision explained', async () => {
      const tab = await open();
      await tab.signIn(keys.admin);
      await tab.goto('/tickets');
      await tab.page.getByRole('link', { name: /^ap_/ }).first().waitFor();
      await tab.screenshot('tickets');
      await tab.page.getByRole('link', { name: /^ap_/ }).first().click();
      await tab.page.getByTestId('ticket-status').waitFor();
      await tab.page.getByText('解释').waitFor();
      await tab.screenshot('ticket-detail');
    });

    it("a county consumer key sees only its county's tickets and the not-found page for another county's ticket", async () => {
      const [mine, other] = counties;
      const consumer = await createKey(hub.db, 'consumer', { counties: [mine.code] });
      const tab = await open();
      await tab.signIn(consumer);
      await tab.goto('/tickets');
      await tab.page.getByRole('link', { name: /^ap_/ }).first().waitFor();
      const shown = await tab.page.getByRole('link', { name: /^ap_/ }).allTextContents();
      const inCounty = await hub.db.query<{ item_id: string }>(
        `SELECT item_id FROM ticket_heads WHERE item_id = ANY($1) AND county_code = $2`,
        [shown, mine.code],
      );
      expect(inCounty).toHaveLength(shown.length);

      await tab.goto(`/tickets/${other.id}`);
      await tab.page.getByText('未找到工单').waitFor();
      expect(await tab.page.getByTestId('ticket-status').count()).toBe(0);
      expect(tab.apiFailures.some((f) => f.includes('404'))).toBe(true);
    });
  });

  describe('分拣 triage', () => {
    it('a dispatcher dispatches a triage ticket with the county → town picker, and the ticket then shows as routed', async () => {
      await waitFor(
        'a mailbox letter in triage',
        async () =>
          (await hub.db.query(`SELECT 1 FROM ticket_heads WHERE status = 'triage' LIMIT 1`)).length > 0,
        90_000,
      );
      const tab = await open();
      await tab.signIn(keys.admin);
      await tab.goto('/triage');
      const first = tab.page.locator('[data-testid^="dispatch-"]').first();
      await first.waitFor();
      const id = ((await first.getAttribute('data-testid')) ?? '').replace('dispatch-', '');
      await tab.screenshot('triage');
      await first.click();

      await tab.page.getByTestId('place-picker').click();
      await tab.page.locator('.ant-cascader-menu-item', { hasText: '颍州区' }).click();
      await tab.page.locator('.ant-cascader-menu-item', { hasText: '文峰街道' }).click();
      await tab.page.keyboard.press('Escape');
      await tab.page.getByTestId('lead-select').click();
      await tab.page.keyboard.type('住房和城乡');
      await tab.page.keyboard.press('Enter');
      await tab.page.getByLabel('派单说明').fill('市长信箱来信，按属地派颍州区文峰街道');
      await tab.screenshot('triage-dispatch');
      await tab.page
        .getByRole('button', { name: /派\s*单/ })
        .last()
        .click();
      await tab.page
        .locator(`[data-testid="dispatch-${id}"]`)
        .waitFor({ state: 'detached', timeout: 60_000 });

      await waitFor(
        'the router to decide the dispatched ticket',
        async () =>
          (await hub.db.query(`SELECT 1 FROM ticket_heads WHERE item_id = $1 AND status = 'routed'`, [id]))
            .length > 0,
        60_000,
      );
      await tab.goto(`/tickets/${id}`);
      await expect(tab.page.getByTestId('ticket-status').textContent()).resolves.toBe('已分派');
      await expect(tab.page.getByTestId('ticket-lead').textContent()).resolves.toContain(
        'housing-construction',
      );
    });
  });

  describe('密钥 keys and 审计 audit', () => {
    it('an admin creates a key shown once, and an auditor finds its creation in the audit log', async () => {
      const tab = await open();
      await tab.signIn(keys.admin);
      await tab.goto('/keys');
      await tab.page.getByRole('button', { name: /新建密钥/ }).click();
      await tab.page.getByLabel('名称').fill('颍上县12345分平台');
      await tab.page.getByLabel('角色').click();
      await tab.page.getByTitle('业务系统', { exact: true }).click();
      await tab.page.getByLabel(/县区代码/).fill('341226');
      await tab.page.getByRole('button', { name: /创\s*建/ }).click();
      await tab.page.getByText(/^msk_[0-9a-f]{16}_/).waitFor();
      await tab.page.getByRole('button', { name: /完\s*成/ }).click();
      await tab.page.getByRole('cell', { name: '颍上县12345分平台' }).waitFor();
      await tab.screenshot('keys');

      const auditor = await createKey(hub.db, 'auditor');
      const audit = await open();
      await audit.signIn(auditor);
      await audit.goto('/audit');
      await audit.page.getByRole('cell', { name: 'key.create' }).first().waitFor();
      await audit.screenshot('audit');
      // An auditor's menu holds the overview and the audit log only; the API would refuse the rest anyway.
      expect(await audit.page.getByRole('menuitem').allTextContents()).toEqual(['总览', '审计']);
    });
  });
});
