import { randomBytes } from 'node:crypto';
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { type z } from 'zod';
import { AuditRepository } from '@minsheng/shared/audit';
import { SecretBox } from '@minsheng/shared/secrets';
import { changedOrigins, keepStoredSecrets, keptSecretPaths, sealSecrets } from '@minsheng/connector-sdk';
import { ApiError, type FieldError } from '../common/api-error';
import { normalAllowlist } from '../common/egress-allow';
import { type createInstanceSchema, type updateInstanceSchema } from './admin-schemas';
import { ChannelOwners } from './channel-owners';
import { ConnectorCatalog } from './connector-catalog';
import {
  auditView,
  type InstanceRow,
  instanceView,
  type InstanceView,
  runView,
  type RunRow,
  type RunView,
} from './connector-views';
import { AUDIT_ENTITY, InstanceStore } from './instance-store';

function invalidConfig(errors: FieldError[]): never {
  throw new ApiError(
    'invalid_config',
    errors.map((e) => `${e.field}: ${e.message}`).join('; '),
    HttpStatus.BAD_REQUEST,
    { errors },
  );
}

/** Create, read, update and delete connector instances; secrets are sealed before they are stored. */
@Injectable()
export class ConnectorInstancesService {
  constructor(
    private readonly store: InstanceStore,
    private readonly catalog: ConnectorCatalog,
    @Inject(SecretBox) private readonly box: SecretBox,
    private readonly auditLog: AuditRepository,
    private readonly owners: ChannelOwners,
  ) {}

  async list(): Promise<InstanceView[]> {
    const rows = await this.store.repo.list();
    const runs = await this.store.repo.lastRuns(rows.map((r) => r.id));
    return rows.map((r) => this.view(r, runs.get(r.id)));
  }

  async get(id: string): Promise<InstanceView> {
    const row = await this.store.find(id);
    return this.view(row, await this.store.lastRun(id));
  }

  async create(spec: z.infer<typeof createInstanceSchema>, actor: string): Promise<InstanceView> {
    const entry = this.catalog.entry(spec.type);
    const errors = this.catalog.validate(spec.type, spec.config, spec.schedule);
    if (errors.length) invalidConfig(errors);
    const id = spec.id ?? `${spec.type.replace(/_/g, '-')}-${randomBytes(4).toString('hex')}`;
    const config = sealSecrets(spec.config, entry.secrets, (s) => this.box.seal(s));
    const fed = this.owners.sourceOf(spec.type, id, spec.config);
    const row = await this.store.repo.transaction(async (tx) => {
      await this.owners.claim(tx, fed.channel, fed.source);
      const created = await this.store.repo.insert(tx, { ...spec, id, config });
      if (!created)
        throw new ApiError(
          'conflict',
          `connector instance ${JSON.stringify(id)} exists`,
          HttpStatus.CONFLICT,
        );
      await this.auditLog.record(tx, {
        actor,
        action: 'connector.create',
        entity: AUDIT_ENTITY,
        entityId: id,
        before: null,
        after: auditView(created, entry.secrets),
      });
      return created;
    });
    return this.view(row);
  }

  async update(
    id: string,
    patch: z.infer<typeof updateInstanceSchema>,
    actor: string,
  ): Promise<InstanceView> {
    const { after } = await this.store.mutate(id, actor, 'connector.update', async (tx, before) => {
      const entry = this.catalog.entry(before.type);
      let config = before.config;
      if (patch.config) {
        this.bindSecretsToOrigin(patch.config, before.config, entry.secrets);
        const merged = keepStoredSecrets(patch.config, before.config, entry.secrets);
        const clear = this.box.openDeep(merged).value;
        const errors = this.catalog.validate(before.type, clear, patch.schedule);
        if (errors.length) invalidConfig(errors);
        const fed = this.owners.sourceOf(before.type, id, clear);
        if (fed.channel !== this.owners.sourceOf(before.type, id, before.config).channel)
          await this.owners.claim(tx, fed.channel, fed.source);
        config = sealSecrets(merged, entry.secrets, (s) => this.box.seal(s));
      } else if (patch.schedule !== undefined) {
        const errors = this.catalog.validate(
          before.type,
          this.box.openDeep(before.config).value,
          patch.schedule,
        );
        const scheduleErrors = errors.filter((e) => e.field === 'schedule');
        if (scheduleErrors.length) invalidConfig(scheduleErrors);
      }
      return this.store.repo.updateSettings(tx, id, {
        name: patch.name ?? before.name,
        config,
        schedule: patch.schedule ?? before.schedule,
        enabled: patch.enabled ?? before.enabled,
      });
    });
    return this.view(after, await this.store.lastRun(id));
  }

  /**
   * Replaces the instance's egress allowlist (decision 022): hosts or CIDRs its pulls and live checks may reach
   * although they are not public. Admin only (the controller says so): an operator who could set it could point
   * an instance at the intranet. Audited with before and after; the next pull and check read it.
   */
  async setEgressAllow(id: string, allow: string[], actor: string): Promise<InstanceView> {
    const list = normalAllowlist(allow);
    const { after } = await this.store.mutate(id, actor, 'connector.egress_allow', (tx) =>
      this.store.repo.setEgressAllow(tx, id, list),
    );
    return this.view(after, await this.store.lastRun(id));
  }

  /** Cursor, runs and status go with it (ON DELETE CASCADE); items and dead letters it produced stay. */
  async remove(id: string, actor: string): Promise<InstanceView> {
    const { before } = await this.store.mutate(id, actor, 'connector.delete', async (tx) => {
      await this.store.repo.delete(tx, id);
      return null;
    });
    return this.view(before);
  }

  async runs(
    id: string,
    page: { cursor?: number; limit: number },
  ): Promise<{ runs: RunView[]; nextCursor: string | null }> {
    await this.store.find(id);
    const rows = await this.store.repo.runs(id, { before: page.cursor, limit: page.limit });
    const runs = rows.map(runView);
    return { runs, nextCursor: runs.length === page.limit ? runs[runs.length - 1].id : null };
  }

  /**
   * Stored secrets belong to the origins they were entered for (decision 022): an update that moves a URL field to
   * another scheme, host or port must carry every secret again, so a kept token can never follow a URL elsewhere.
   * The URLs are compared in the clear config; the secrets themselves are never opened for this.
   */
  private bindSecretsToOrigin(
    next: Record<string, unknown>,
    stored: Record<string, unknown>,
    secrets: string[][],
  ): void {
    const moved = changedOrigins(stored, next);
    if (!moved.length) return;
    const kept = keptSecretPaths(next, stored, secrets);
    if (!kept.length) return;
    const urls = moved.map((p) => `config.${p}`).join(', ');
    invalidConfig(
      kept.map((path) => ({
        field: `config.${path.join('.')}`,
        message: `required again: the origin of ${urls} changed, and a stored secret is bound to its origin`,
      })),
    );
  }

  view(row: InstanceRow, lastRun?: RunRow): InstanceView {
    return instanceView(row, this.catalog.entry(row.type).secrets, lastRun);
  }
}
