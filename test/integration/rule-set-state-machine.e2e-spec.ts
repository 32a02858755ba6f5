import { HttpStatus } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { type DataSource } from 'typeorm';
import { RuleSetService, RuleSetsRepository } from '../../libs/routing/src/rule-sets';
import { createDataSource } from '../../libs/shared/src/db';
import { DATA_SOURCE } from '../../libs/shared/src/runtime';
import { toClientError } from '../../apps/gateway/src/common/error.filter';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const ADMIN = 'key:test:admin';

const rule = (id: string, department: string) => ({
  id,
  name: id,
  priority: 10,
  enabled: true,
  when: { keywords: { any: ['路灯'] } },
  then: { lead: { department }, grade: 'simple' },
});

/** What the gateway answers for a service call: the value, or the status and code of its error body. */
async function answer<T>(work: Promise<T>): Promise<T | { status: number; code: string }> {
  try {
    return await work;
  } catch (e) {
    const answered = toClientError(e);
    if (answered.unexpected) throw e;
    return { status: answered.status, code: answered.code };
  }
}

/**
 * The rule-set lifecycle as the gateway drives it — draft, update, publish, rollback — composed by Nest over a fresh
 * clone of the migrated database, with the service's refusals mapped to HTTP as the gateway maps them.
 */
describe('rule-set state machine (in-process, @nestjs/testing)', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let moduleRef: TestingModule;
  let rules: RuleSetService;

  const status = async (version: number) =>
    (await rules.history()).find((v) => v.version === version)?.status;

  beforeAll(async () => {
    db = await createTestDatabase('ruleset_state');
    ds = createDataSource(db.url, { poolSize: 2, applicationName: 'rule-set-state-spec' });
    await ds.initialize();
    moduleRef = await Test.createTestingModule({
      providers: [{ provide: DATA_SOURCE, useValue: ds }, RuleSetsRepository, RuleSetService],
    }).compile();
    rules = moduleRef.get(RuleSetService);
  });

  afterAll(async () => {
    await moduleRef?.close();
    if (ds?.isInitialized) await ds.destroy();
    await db?.drop();
  });

  it('draft → published → archived, rollback, and the conflicts on the way', async () => {
    const [seeded] = await rules.history();
    expect(seeded.status).toBe('published');

    const v1 = await rules.createDraft({ rules: [rule('lights', 'urban-management')] }, ADMIN, 'lights');
    expect(await status(v1)).toBe('draft');
    await rules.updateDraft(v1, { rules: [rule('lights-2', 'urban-management')] }, ADMIN);

    await rules.publish(v1, ADMIN);
    expect([await status(v1), await status(seeded.version)]).toEqual(['published', 'archived']);
    expect(await answer(rules.publish(v1, ADMIN))).toEqual({
      status: HttpStatus.CONFLICT,
      code: 'already_published',
    });
    expect(await answer(rules.updateDraft(v1, { rules: [] }, ADMIN))).toEqual({
      status: HttpStatus.CONFLICT,
      code: 'not_a_draft',
    });

    // Rollback: the archived version is published again, the current one archived; exactly one is published.
    await rules.publish(seeded.version, ADMIN);
    expect([await status(v1), await status(seeded.version)]).toEqual(['archived', 'published']);
    expect((await rules.history()).filter((v) => v.status === 'published')).toHaveLength(1);

    expect(await answer(rules.publish(9999, ADMIN))).toEqual({
      status: HttpStatus.NOT_FOUND,
      code: 'not_found',
    });
    const actions = await db.query<{ action: string; entity_id: string }>(
      `SELECT action, entity_id FROM audit_log WHERE entity = 'rule_set' ORDER BY id`,
    );
    expect(actions.map((a) => a.action)).toEqual([
      'rule_set.draft',
      'rule_set.update_draft',
      'rule_set.publish',
      'rule_set.rollback',
    ]);
  });

  it('refuses a draft that does not validate (422), and a publish once its department is gone', async () => {
    expect(await answer(rules.createDraft({ rules: [rule('x', 'no-such-department')] }, ADMIN))).toEqual({
      status: HttpStatus.UNPROCESSABLE_ENTITY,
      code: 'invalid_rule_set',
    });
    await db.query(
      `INSERT INTO departments (code, name, kind, levels, scope)
       SELECT 'short-lived', '临时部门', kind, levels, scope FROM departments WHERE code = 'urban-management'`,
    );
    const v = await rules.createDraft({ rules: [rule('short', 'short-lived')] }, ADMIN);
    await db.query(`DELETE FROM departments WHERE code = 'short-lived'`);
    expect(await answer(rules.publish(v, ADMIN))).toEqual({
      status: HttpStatus.UNPROCESSABLE_ENTITY,
      code: 'invalid_rule_set',
    });
    expect(await status(v)).toBe('draft');
  });
});
