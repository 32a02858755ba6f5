import { type DataSource } from 'typeorm';
import { createDataSource } from '../../libs/shared/src/db';
import { RuleSetValidationError } from '../../libs/routing/src/rules';
import {
  CalendarRepository,
  CalendarService,
  CalendarYearError,
  RuleSetLifecycleError,
  RuleSetService,
  RuleSetsRepository,
} from '../../libs/routing/src/rule-sets';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const rule = (id: string, department: string) => ({
  id,
  name: id,
  priority: 10,
  enabled: true,
  when: { keywords: { any: ['路灯'] } },
  then: { lead: { department }, grade: 'simple' },
});

/** Draft → published → archived, rollback, and the calendar, each change audited (who, when, before, after). */
describe('rule-set lifecycle and calendar years', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let rules: RuleSetService;

  beforeAll(async () => {
    db = await createTestDatabase('rulesets');
    ds = createDataSource(db.url, { poolSize: 2 });
    await ds.initialize();
    rules = new RuleSetService(new RuleSetsRepository(ds));
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('refuses an invalid draft with errors per rule and field', async () => {
    const error = await rules
      .createDraft(
        {
          rules: [
            rule('bad', 'no-such-department'),
            { ...rule('re', 'urban-management'), when: { regex: '(a)\\1' } },
          ],
        },
        'admin:li',
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RuleSetValidationError);
    const errors = (error as RuleSetValidationError).errors;
    expect(errors.map((e) => [e.ruleId, e.code])).toEqual(
      expect.arrayContaining([
        ['bad', 'unknown_department'],
        ['re', 'invalid_regex'],
      ]),
    );
    expect((await rules.history()).map((v) => v.version)).toEqual([2, 1]);
  });

  it('publishes a draft, archives the old version, rolls back, and audits every step', async () => {
    const v3 = await rules.createDraft(
      { rules: [rule('street-lights', 'urban-management')] },
      'admin:li',
      '路灯归城管',
    );
    expect(v3).toBe(3);
    await rules.publish(v3, 'admin:li');
    let history = await rules.history();
    expect(history.filter((v) => v.status === 'published').map((v) => v.version)).toEqual([3]);
    expect(history.find((v) => v.version === 2)?.status).toBe('archived');

    await rules.publish(2, 'admin:wang');
    history = await rules.history();
    expect(history.filter((v) => v.status === 'published').map((v) => v.version)).toEqual([2]);
    await expect(rules.publish(2, 'admin:wang')).rejects.toBeInstanceOf(RuleSetLifecycleError);
    await expect(rules.publish(99, 'admin:wang')).rejects.toMatchObject({ code: 'not_found' });

    const log = await db.query<{
      actor: string;
      action: string;
      entity_id: string;
      before: unknown;
      after: unknown;
      at: Date;
    }>(`SELECT actor, action, entity_id, before, after, at FROM audit_log ORDER BY id`);
    expect(log.map((l) => [l.actor, l.action, l.entity_id])).toEqual([
      ['admin:li', 'rule_set.draft', '3'],
      ['admin:li', 'rule_set.publish', '3'],
      ['admin:wang', 'rule_set.rollback', '2'],
    ]);
    expect(log[1]).toMatchObject({
      before: { published: 2, status: 'draft' },
      after: { published: 3, status: 'published' },
    });
    expect(log.every((l) => l.at instanceof Date)).toBe(true);
  });

  it('adds a calendar year, audited, and refuses days outside it', async () => {
    const calendar = new CalendarService(new CalendarRepository(ds));
    await expect(
      calendar.putYear(2027, 'test', [{ date: '2026-10-01', kind: 'holiday' }], 'admin:li'),
    ).rejects.toBeInstanceOf(CalendarYearError);
    await calendar.putYear(
      2027,
      '国务院办公厅 2027 通知 (test)',
      [
        { date: '2027-01-01', kind: 'holiday', name: '元旦' },
        { date: '2027-02-06', kind: 'workday', name: '春节调休上班' },
      ],
      'admin:li',
    );
    const days = await db.query<{ n: string }>(
      `SELECT count(*) AS n FROM calendar_days WHERE extract(year FROM date) = 2027`,
    );
    expect(Number(days[0].n)).toBe(2);
    const [entry] = await db.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE entity = 'calendar_year'`,
    );
    expect(entry.action).toBe('calendar.put_year');
  });
});
