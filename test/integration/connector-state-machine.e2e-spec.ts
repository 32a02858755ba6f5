import { HttpStatus } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { Client } from 'pg';
import { type DataSource } from 'typeorm';
import { AuditRepository } from '../../libs/shared/src/audit';
import { loadConfig } from '../../libs/shared/src/config';
import { ConnectorInstancesRepository, PushChannelsRepository } from '../../libs/shared/src/connectors-store';
import { createDataSource } from '../../libs/shared/src/db';
import { APP_CONFIG, DATA_SOURCE } from '../../libs/shared/src/runtime';
import { SecretBox } from '../../libs/shared/src/secrets';
import { ApiError } from '../../apps/gateway/src/common/api-error';
import { toClientError } from '../../apps/gateway/src/common/error.filter';
import { ChannelOwners } from '../../apps/gateway/src/connectors-admin/channel-owners';
import { ConnectorCatalog } from '../../apps/gateway/src/connectors-admin/connector-catalog';
import { ConnectorControlService } from '../../apps/gateway/src/connectors-admin/connector-control.service';
import { ConnectorInstancesService } from '../../apps/gateway/src/connectors-admin/connector-instances.service';
import { InstanceStore } from '../../apps/gateway/src/connectors-admin/instance-store';
import { ControlPlane } from '../../apps/gateway/src/control/control-plane';
import { CONTROL_PATTERNS } from '../../libs/shared/src/control';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const OPERATOR = 'key:test:operator';

/**
 * Stands in for the connectors process at the other end of the control plane (tested for real in
 * control-plane.e2e-spec.ts): takes every run-now request, and has no live status to give, as when it is down.
 */
class ConnectorsStandIn {
  readonly asked: { pattern: string; body: unknown }[] = [];
  ask(pattern: string, body: unknown): Promise<unknown> {
    this.asked.push({ pattern, body });
    if (pattern === CONTROL_PATTERNS.runNow) return Promise.resolve({ outcome: 'started' });
    return Promise.reject(
      new ApiError('connectors_unavailable', 'no connectors here', HttpStatus.SERVICE_UNAVAILABLE),
    );
  }
}

/** The HTTP status and code the gateway answers for an error, or the error itself when it is unexpected. */
async function refusal(work: Promise<unknown>): Promise<unknown> {
  try {
    await work;
  } catch (e) {
    const answered = toClientError(e);
    return answered.unexpected ? e : { status: answered.status, code: answered.code };
  }
  return 'no error';
}

/**
 * The connector lifecycle as the gateway's services drive it — pause, resume, stop, restart, run now, the cursor —
 * composed by Nest (no HTTP, no spawned process) over a fresh clone of the migrated database; a pull's outcome is
 * played through the same repository the connectors app uses.
 */
describe('connector state machine (in-process, @nestjs/testing)', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let moduleRef: TestingModule;
  let instances: ConnectorInstancesService;
  let control: ConnectorControlService;
  let repo: ConnectorInstancesRepository;
  const connectors = new ConnectorsStandIn();

  const state = async (id: string) =>
    (
      await db.query<{ state: string; version: number; run_requested_at: Date | null }>(
        `SELECT state, version, run_requested_at FROM connector_instances WHERE id = $1`,
        [id],
      )
    )[0];
  const actions = async (id: string) =>
    (
      await db.query<{ action: string }>(
        `SELECT action FROM audit_log WHERE entity = 'connector_instance' AND entity_id = $1 ORDER BY id`,
        [id],
      )
    ).map((r) => r.action);

  beforeAll(async () => {
    db = await createTestDatabase('connector_state');
    ds = createDataSource(db.url, { poolSize: 4, applicationName: 'connector-state-spec' });
    await ds.initialize();
    moduleRef = await Test.createTestingModule({
      providers: [
        { provide: DATA_SOURCE, useValue: ds },
        { provide: APP_CONFIG, useValue: loadConfig({ NODE_ENV: 'test' }) },
        { provide: SecretBox, useValue: new SecretBox('connector-state-spec-secrets-key') },
        { provide: ConnectorCatalog, useFactory: () => new ConnectorCatalog() },
        ConnectorInstancesRepository,
        PushChannelsRepository,
        ChannelOwners,
        AuditRepository,
        InstanceStore,
        { provide: ControlPlane, useValue: connectors },
        ConnectorInstancesService,
        ConnectorControlService,
      ],
    }).compile();
    instances = moduleRef.get(ConnectorInstancesService);
    control = moduleRef.get(ConnectorControlService);
    repo = moduleRef.get(ConnectorInstancesRepository);
  });

  afterAll(async () => {
    await moduleRef?.close();
    if (ds?.isInitialized) await ds.destroy();
    await db?.drop();
  });

  const create = (id: string, enabled = true) =>
    instances.create(
      {
        id,
        type: 'hotline_12345',
        name: `12345 ${id}`,
        config: { baseUrl: 'http://127.0.0.1:9/api', token: 'tok-state-machine' },
        schedule: '0 0 1 1 *',
        enabled,
      },
      OPERATOR,
    );

  it('creates once; a second instance with the id is a conflict', async () => {
    const view = await create('sm-create');
    expect(view.status.state).toBe('running');
    expect(view.config).toMatchObject({ token: { set: true } });
    expect(await refusal(create('sm-create'))).toEqual({ status: HttpStatus.CONFLICT, code: 'conflict' });
    expect(await refusal(control.status('sm-missing'))).toEqual({
      status: HttpStatus.NOT_FOUND,
      code: 'not_found',
    });
  });

  it('pause, pause again (nothing to do), stop, refuses pause and run-now while stopped, resume', async () => {
    await create('sm-pause');
    const v0 = (await state('sm-pause')).version;
    expect((await control.pause('sm-pause', OPERATOR)).state).toBe('paused');
    expect((await control.pause('sm-pause', OPERATOR)).state).toBe('paused');
    expect((await state('sm-pause')).version).toBe(v0 + 1);
    expect(await refusal(control.runNow('sm-pause', OPERATOR))).toEqual({
      status: HttpStatus.CONFLICT,
      code: 'conflict',
    });
    expect((await control.stop('sm-pause', OPERATOR)).reason).toBe('stopped by operator');
    expect(await refusal(control.pause('sm-pause', OPERATOR))).toEqual({
      status: HttpStatus.CONFLICT,
      code: 'conflict',
    });
    expect((await state('sm-pause')).state).toBe('stopped');
    const resumed = await control.resume('sm-pause', OPERATOR);
    expect(resumed).toMatchObject({ state: 'running', reason: null });
    // Every call is audited, the refused ones rolled back with their change.
    expect(await actions('sm-pause')).toEqual([
      'connector.create',
      'connector.pause',
      'connector.pause',
      'connector.stop',
      'connector.resume',
    ]);
  });

  it('run now: asked only of an enabled, runnable instance; the scheduler claims it once', async () => {
    await create('sm-run');
    const asked = await control.runNow('sm-run', OPERATOR);
    expect(asked.runRequestedAt).not.toBeNull();
    expect(connectors.asked).toContainEqual({
      pattern: CONTROL_PATTERNS.runNow,
      body: { instanceId: 'sm-run' },
    });
    expect(await repo.runRequests()).toContain('sm-run');
    expect(await repo.claimRunRequest('sm-run')).toMatchObject({ id: 'sm-run', state: 'running' });
    expect(await repo.claimRunRequest('sm-run')).toBeUndefined();
    await create('sm-disabled', false);
    expect(await refusal(control.runNow('sm-disabled', OPERATOR))).toEqual({
      status: HttpStatus.CONFLICT,
      code: 'conflict',
    });
    // A refused request is not passed on.
    expect(connectors.asked.map((a) => a.body)).not.toContainEqual({ instanceId: 'sm-disabled' });
  });

  it('a failed pull backs off; restart(onlyFailed) clears it and asks for a run, and leaves a healthy one alone', async () => {
    await create('sm-fail');
    expect((await control.restart('sm-fail', true, OPERATOR)).restarted).toBe(false);
    const runId = await repo.startRun('sm-fail');
    const totals = { fetched: 0, emitted: 0, unchanged: 0, quarantined: 0 };
    await repo.finishRun(
      'sm-fail',
      runId,
      totals,
      {
        kind: 'failed',
        errorKind: 'temporary',
        message: 'upstream 503',
        retryInMs: 60_000,
      },
      undefined,
    );
    const failed = await control.status('sm-fail');
    expect(failed).toMatchObject({ state: 'failed', consecutiveFailures: 1, lastErrorKind: 'temporary' });
    expect(failed.retryAt).not.toBeNull();
    expect(failed.lastRun).toMatchObject({ status: 'failed', error: 'upstream 503' });
    // The stored status stands without the connectors process.
    expect(failed.live).toBeNull();
    // Failed is still runnable: the scheduler retries it after the backoff, and an operator may ask for a run.
    expect((await control.runNow('sm-fail', OPERATOR)).state).toBe('failed');
    const restarted = await control.restart('sm-fail', true, OPERATOR);
    expect(restarted).toMatchObject({
      restarted: true,
      state: 'running',
      consecutiveFailures: 0,
      retryAt: null,
    });
    expect(restarted.runRequestedAt).not.toBeNull();
  });

  it('a layout change degrades the instance: no run-now until an operator resumes it', async () => {
    await create('sm-degraded');
    const runId = await repo.startRun('sm-degraded');
    await repo.finishRun(
      'sm-degraded',
      runId,
      { fetched: 5, emitted: 0, unchanged: 0, quarantined: 5 },
      { kind: 'degraded', reason: 'layout_changed', message: 'all 5 records failed to parse' },
      undefined,
    );
    expect((await control.status('sm-degraded')).state).toBe('degraded');
    expect(await repo.dueForPull('sm-degraded')).toBeUndefined();
    expect(await refusal(control.runNow('sm-degraded', OPERATOR))).toEqual({
      status: HttpStatus.CONFLICT,
      code: 'conflict',
    });
    expect((await control.resume('sm-degraded', OPERATOR)).state).toBe('running');
    expect(await repo.dueForPull('sm-degraded')).toMatchObject({ id: 'sm-degraded' });
  });

  it('the cursor changes only while stopped, and not while a pull still holds the lock', async () => {
    await create('sm-cursor');
    expect(await refusal(control.setCursor('sm-cursor', { page: 3 }, OPERATOR))).toEqual({
      status: HttpStatus.CONFLICT,
      code: 'conflict',
    });
    await control.stop('sm-cursor', OPERATOR);
    expect((await control.setCursor('sm-cursor', { page: 3 }, OPERATOR)).cursor).toEqual({ page: 3 });
    expect((await control.cursor('sm-cursor')).cursor).toEqual({ page: 3 });

    // A pull still finishing holds the pull lock (session-level, on its own connection).
    const pull = new Client({ connectionString: db.url });
    await pull.connect();
    try {
      await pull.query(`SELECT pg_advisory_lock(hashtext('connector'), hashtext($1))`, ['sm-cursor']);
      expect(await refusal(control.setCursor('sm-cursor', null, OPERATOR))).toEqual({
        status: HttpStatus.CONFLICT,
        code: 'conflict',
      });
      expect(await repo.withPullLock('sm-cursor', () => Promise.resolve('pulled'))).toEqual({
        locked: false,
      });
    } finally {
      await pull.end();
    }
    expect((await control.setCursor('sm-cursor', null, OPERATOR)).cursor).toBeNull();
    expect((await control.cursor('sm-cursor')).cursor).toBeNull();
    expect(await actions('sm-cursor')).toEqual([
      'connector.create',
      'connector.stop',
      'connector.cursor_set',
      'connector.cursor_reset',
    ]);
  });

  it("answers 400 invalid_cursor, field by field, for a cursor the type's cursor schema refuses", async () => {
    await create('sm-bad-cursor');
    await control.stop('sm-bad-cursor', OPERATOR);
    const bad = await refusal(control.setCursor('sm-bad-cursor', { page: 0, sinse: '2026-01-01' }, OPERATOR));
    expect(bad).toEqual({ status: HttpStatus.BAD_REQUEST, code: 'invalid_cursor' });
    await expect(
      control.setCursor('sm-bad-cursor', { page: 0, sinse: '2026-01-01' }, OPERATOR),
    ).rejects.toMatchObject({
      details: {
        errors: [{ field: 'cursor.page' }, { field: 'cursor', message: expect.stringContaining('sinse') }],
      },
    });
    expect((await control.cursor('sm-bad-cursor')).cursor).toBeNull();
    // What is stored is the cursor as the next pull reads it, defaults filled.
    const since = '2026-01-01 00:00:00';
    expect((await control.setCursor('sm-bad-cursor', { since }, OPERATOR)).cursor).toEqual({
      since,
      page: 1,
    });
  });

  it('deleting takes cursor and runs with it', async () => {
    await create('sm-delete');
    await repo.startRun('sm-delete');
    await instances.remove('sm-delete', OPERATOR);
    expect(await repo.find('sm-delete')).toBeUndefined();
    expect(await db.query(`SELECT 1 FROM connector_runs WHERE connector_id = 'sm-delete'`)).toEqual([]);
    expect(await refusal(control.pause('sm-delete', OPERATOR))).toEqual({
      status: HttpStatus.NOT_FOUND,
      code: 'not_found',
    });
  });
});
