import { type Browser } from 'playwright-core';
import { bearer, createKey } from '../support/api-keys';
import { ConsoleTab, launchBrowser } from '../support/console-browser';
import { startHub, type HubFixture } from '../support/hub-fixture';

const ALIAS = '颍州万达广场';
const TOWN = '341202001';

/**
 * The 基础数据 page in Debian's chromium against the real gateway and PostgreSQL: an admin adds a jurisdiction
 * alias that the API then lists and the reference audit records; an unknown division is refused at its field; the
 * calendar tab shows the seeded 2026 春节 holidays.
 */
describe('console 基础数据 reference data (browser)', () => {
  let hub: HubFixture;
  let browser: Browser;
  let base: string;
  let admin: string;
  const tabs: ConsoleTab[] = [];

  const apiGet = async <T>(path: string): Promise<T> => {
    const res = await fetch(`${base}${path}`, { headers: bearer(admin) });
    expect(res.status).toBe(200);
    return (await res.json()) as T;
  };
  async function signedIn(): Promise<ConsoleTab> {
    const tab = await ConsoleTab.open(browser, base);
    tabs.push(tab);
    await tab.signIn(admin);
    await tab.goto('/reference');
    return tab;
  }

  beforeAll(async () => {
    hub = await startHub('consoleref');
    await hub.apps.gateway.start();
    base = `http://127.0.0.1:${hub.env.GATEWAY_PORT}`;
    admin = await createKey(hub.db, 'admin', { name: '基础数据管理员' });
    browser = await launchBrowser();
  });

  afterEach(async () => {
    const errors = tabs.flatMap((t) => t.errors);
    for (const t of tabs.splice(0)) await t.close();
    expect(errors).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await hub?.close();
  });

  it('an admin adds an alias that the API lists and the audit records; an unknown division is refused at its field', async () => {
    const tab = await signedIn();
    const page = tab.page;
    await page.getByRole('tab', { name: '别名/POI' }).waitFor();

    // A division the gazetteer does not have: the API's message shows under the code field.
    await page.getByRole('button', { name: '新增别名' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('别名/POI').fill(ALIAS);
    await dialog.getByLabel(/区划代码/).fill('341299999');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    const codeError = dialog.locator('.ant-form-item-explain-error');
    await codeError.waitFor();
    await expect(codeError.textContent()).resolves.toContain('no division 341299999');
    await expect(dialog.getByTestId('api-error').textContent()).resolves.toContain('unknown_division');

    // A town's code is accepted; the new row is in the page's list and in the API's.
    await dialog.getByLabel(/区划代码/).fill(TOWN);
    await dialog.getByLabel('备注').fill('商圈，市民常用名');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByPlaceholder('搜索别名').fill('万达');
    await page.getByPlaceholder('搜索别名').press('Enter');
    await page.getByRole('cell', { name: ALIAS, exact: true }).waitFor();
    await tab.screenshot('reference-aliases');

    const listed = await apiGet<{ alias: string; code: string; note: string | null }[]>(
      `/api/v1/reference/aliases?q=${encodeURIComponent(ALIAS)}`,
    );
    expect(listed).toEqual([expect.objectContaining({ alias: ALIAS, code: TOWN, note: '商圈，市民常用名' })]);
    const audit = await apiGet<{ actor: string; before: unknown; after: { code: string } | null }[]>(
      `/api/v1/reference/audit?entity=jurisdiction_alias&entityId=${encodeURIComponent(ALIAS)}`,
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ before: null, after: expect.objectContaining({ code: TOWN }) });
    expect(audit[0].actor).toContain('基础数据管理员');
    expect(tab.apiFailures).toHaveLength(1);
  });

  it('the departments tab lists departments and units; the calendar tab shows 2026 春节 holidays and 调休 days', async () => {
    const tab = await signedIn();
    const page = tab.page;
    await page.getByRole('tab', { name: '部门与承办单位' }).click();
    const departments = await apiGet<{ code: string; name: string }[]>('/api/v1/reference/departments');
    expect(departments.length).toBeGreaterThan(0);
    await page.getByRole('cell', { name: departments[0].name, exact: true }).waitFor();
    await tab.screenshot('reference-departments');

    await page.getByRole('tab', { name: '工作日历' }).click();
    await page.getByTestId('year-2026').waitFor();
    const holidays = page.getByTestId('holidays');
    await holidays.getByText('2026-02-17').waitFor();
    const text = (await holidays.textContent()) ?? '';
    const springFestival = ['15', '16', '17', '18', '19', '20', '21', '22', '23'].map(
      (d) => `2026-02-${d} 春节`,
    );
    for (const day of springFestival) expect(text).toContain(day);
    const workdays = (await page.getByTestId('workdays').textContent()) ?? '';
    expect(workdays).toContain('2026-01-04');
    await tab.screenshot('reference-calendar');
    expect(tab.apiFailures).toEqual([]);
  });
});
