import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE } from '../runtime/tokens';
import { type DataSource, type EntityManager } from 'typeorm';
import { API_KEY_ROLES, ApiKeyEntity, type ApiKeyRole } from '../db/entities/api-key.entity';
import { audit } from '../audit';
import { newKeyMaterial, parseKey, secretMatches } from './api-key-format';

/** The whole city: a consumer key with this county code sees every county. */
export const CITY_CODE = '341200';

export interface NewApiKey {
  name: string;
  role: ApiKeyRole;
  counties?: string[];
  departments?: string[];
  ratePerMinute?: number;
  expiresAt?: Date | null;
}

/** What a key may be shown as: never the secret or its hash. */
export interface ApiKeyView {
  id: string;
  name: string;
  role: ApiKeyRole;
  counties: string[];
  departments: string[];
  ratePerMinute: number;
  createdBy: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
  rotatedFrom: string | null;
}

export class ApiKeyError extends Error {
  constructor(
    readonly code: 'invalid_key_request' | 'key_not_found',
    message: string,
  ) {
    super(message);
  }
}

export function viewOf(k: ApiKeyEntity): ApiKeyView {
  const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);
  return {
    id: k.id,
    name: k.name,
    role: k.role,
    counties: k.counties,
    departments: k.departments,
    ratePerMinute: k.ratePerMinute,
    createdBy: k.createdBy,
    createdAt: new Date(k.createdAt).toISOString(),
    expiresAt: iso(k.expiresAt),
    revokedAt: iso(k.revokedAt),
    lastUsedAt: iso(k.lastUsedAt),
    rotatedFrom: k.rotatedFrom,
  };
}

function lockKey(tx: EntityManager, id: string): Promise<ApiKeyEntity | null> {
  return tx.findOne(ApiKeyEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
}

/** Applies `change` to a locked key, saves it and audits the change with the key's view before and after. */
async function saveAudited(
  tx: EntityManager,
  k: ApiKeyEntity,
  actor: string,
  action: string,
  change: (k: ApiKeyEntity) => void,
): Promise<void> {
  const before = viewOf(k);
  change(k);
  await tx.save(k);
  await audit(tx, { actor, action, entity: 'api_key', entityId: k.id, before, after: viewOf(k) });
}

/**
 * api_keys: creating, rotating and revoking keys, each audited with the actor; verifying one. Shared by the gateway
 * and the keys CLI.
 */
@Injectable()
export class ApiKeyStore {
  constructor(@Inject(DATA_SOURCE) private readonly db: DataSource) {}

  async create(spec: NewApiKey, actor: string): Promise<{ key: string; view: ApiKeyView }> {
    this.check(spec);
    await this.checkCounties(spec.counties ?? []);
    return this.db.transaction((tx) => this.insert(tx, spec, actor, null));
  }

  /** A new key with the same role and scope; the old one keeps working for the grace period, then expires. */
  async rotate(id: string, graceSeconds: number, actor: string): Promise<{ key: string; view: ApiKeyView }> {
    return this.db.transaction(async (tx) => {
      const old = await lockKey(tx, id);
      if (!old || old.revokedAt) throw new ApiKeyError('key_not_found', `no active key ${id}`);
      await saveAudited(tx, old, actor, 'key.expire_for_rotation', (k) => {
        const until = new Date(Date.now() + graceSeconds * 1000);
        if (!k.expiresAt || k.expiresAt > until) k.expiresAt = until;
      });
      const spec: NewApiKey = {
        name: old.name,
        role: old.role,
        counties: old.counties,
        departments: old.departments,
        ratePerMinute: old.ratePerMinute,
        expiresAt: null,
      };
      const next = await this.insert(tx, spec, actor, id);
      // What a downstream system set up belongs to the system, not to one key: its webhooks follow the new key.
      // TypeORM answers an UPDATE … RETURNING with [rows, affected count], not the rows alone.
      const [moved] = await tx.query<[{ id: string }[], number]>(
        `UPDATE webhook_subscriptions SET key_id = $2 WHERE key_id = $1 RETURNING id`,
        [id, next.view.id],
      );
      if (moved.length)
        await audit(tx, {
          actor,
          action: 'key.move_webhooks',
          entity: 'api_key',
          entityId: next.view.id,
          before: { keyId: id },
          after: { keyId: next.view.id, subscriptions: moved.map((m) => m.id) },
        });
      return next;
    });
  }

  async revoke(id: string, actor: string): Promise<ApiKeyView> {
    return this.db.transaction(async (tx) => {
      const k = await lockKey(tx, id);
      if (!k) throw new ApiKeyError('key_not_found', `no key ${id}`);
      await saveAudited(tx, k, actor, 'key.revoke', (row) => {
        row.revokedAt ??= new Date();
      });
      return viewOf(k);
    });
  }

  async list(): Promise<ApiKeyView[]> {
    const rows = await this.db.getRepository(ApiKeyEntity).find({ order: { createdAt: 'ASC' } });
    return rows.map(viewOf);
  }

  /** The key's row if the presented key is genuine, unexpired and unrevoked. */
  async verify(presented: string, now = new Date()): Promise<ApiKeyEntity | undefined> {
    const parsed = parseKey(presented);
    if (!parsed) return undefined;
    const k = await this.db.getRepository(ApiKeyEntity).findOneBy({ id: parsed.id });
    if (!k || !secretMatches(parsed.secret, k.secretHash)) return undefined;
    if (k.revokedAt || (k.expiresAt && k.expiresAt <= now)) return undefined;
    return k;
  }

  async touch(id: string): Promise<void> {
    await this.db.query(`UPDATE api_keys SET last_used_at = now() WHERE id = $1`, [id]);
  }

  private async insert(
    tx: EntityManager,
    spec: NewApiKey,
    actor: string,
    rotatedFrom: string | null,
  ): Promise<{ key: string; view: ApiKeyView }> {
    const m = newKeyMaterial();
    const row = tx.create(ApiKeyEntity, {
      id: m.id,
      name: spec.name,
      role: spec.role,
      secretHash: m.secretHash,
      counties: spec.counties ?? [],
      departments: spec.departments ?? [],
      ratePerMinute: spec.ratePerMinute ?? 600,
      createdBy: actor,
      expiresAt: spec.expiresAt ?? null,
      revokedAt: null,
      lastUsedAt: null,
      rotatedFrom,
    });
    await tx.save(row);
    const saved = await tx.findOneByOrFail(ApiKeyEntity, { id: m.id });
    await audit(tx, {
      actor,
      action: rotatedFrom ? 'key.rotate' : 'key.create',
      entity: 'api_key',
      entityId: m.id,
      before: null,
      after: viewOf(saved),
    });
    return { key: m.key, view: viewOf(saved) };
  }

  private async checkCounties(counties: string[]): Promise<void> {
    const wanted = counties.filter((c) => c !== CITY_CODE);
    if (!wanted.length) return;
    const rows = await this.db.query<{ code: string }[]>(
      `SELECT code FROM divisions WHERE level = 'county' AND code = ANY($1)`,
      [wanted],
    );
    const known = new Set(rows.map((r) => r.code));
    const unknown = wanted.filter((c) => !known.has(c));
    if (unknown.length)
      throw new ApiKeyError('invalid_key_request', `not county codes: ${unknown.join(', ')}`);
  }

  private check(spec: NewApiKey): void {
    if (!spec.name?.trim()) throw new ApiKeyError('invalid_key_request', 'name is required');
    if (!API_KEY_ROLES.includes(spec.role))
      throw new ApiKeyError('invalid_key_request', `role must be one of ${API_KEY_ROLES.join(', ')}`);
    const counties = spec.counties ?? [];
    if (spec.role === 'consumer' && counties.length === 0)
      throw new ApiKeyError(
        'invalid_key_request',
        `a consumer key needs counties (county codes, or ${CITY_CODE} for the whole city)`,
      );
    if (spec.role !== 'consumer' && (counties.length || spec.departments?.length))
      throw new ApiKeyError('invalid_key_request', 'only consumer keys carry a scope');
    if (counties.some((c) => !/^\d{6}$/.test(c)))
      throw new ApiKeyError('invalid_key_request', 'county codes are 6-digit division codes');
    if (spec.expiresAt && spec.expiresAt <= new Date())
      throw new ApiKeyError('invalid_key_request', 'expiresAt must be in the future');
  }
}
