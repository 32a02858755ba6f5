import { randomBytes } from 'node:crypto';
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { type DataSource, type EntityManager } from 'typeorm';
import { WebhookSubscriptionEntity, type WebhookEvent } from '@minsheng/shared/db';
import { audit } from '@minsheng/shared/audit';
import { SecretBox } from '@minsheng/shared/secrets';
import { DATA_SOURCE } from '@minsheng/shared/runtime';
import { actorOf, type Principal } from '../auth/principal';
import { ApiError } from '../common/api-error';
import { normalAllowlist } from '../common/egress-allow';
import { type CreateWebhook, type UpdateWebhook, type WebhookFilters } from './webhook-schemas';
import { targetProblem } from './webhook-target';
import { EgressPolicy, EgressRefusal } from '@minsheng/connector-sdk/egress';

/** Enough for a sub-platform's few receivers; a runaway script creating hundreds is refused. */
export const MAX_SUBSCRIPTIONS_PER_KEY = 20;

/** A subscription as any response shows it: never the secret, sealed or not. */
export interface WebhookView {
  id: string;
  keyId: string;
  url: string;
  description: string | null;
  events: WebhookEvent[];
  filters: WebhookFilters;
  active: boolean;
  createdAt: string;
  updatedAt: string;
  secretRotatedAt: string | null;
  egressAllow: string[];
}

export function webhookView(s: WebhookSubscriptionEntity): WebhookView {
  return {
    id: s.id,
    keyId: s.keyId,
    url: s.url,
    description: s.description,
    events: s.events,
    filters: {
      counties: s.counties,
      departments: s.departments,
      grades: s.grades as WebhookFilters['grades'],
      channels: s.channels,
    },
    active: s.active,
    createdAt: new Date(s.createdAt).toISOString(),
    updatedAt: new Date(s.updatedAt).toISOString(),
    secretRotatedAt: s.secretRotatedAt ? new Date(s.secretRotatedAt).toISOString() : null,
    egressAllow: s.egressAllow ?? [],
  };
}

const notFound = (id: string) => new ApiError('not_found', `no webhook ${id}`, HttpStatus.NOT_FOUND);

/** whsec_ + 32 random bytes: shown once, stored only sealed. */
function newSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

@Injectable()
export class WebhookSubscriptionsService {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    @Inject(SecretBox) private readonly box: SecretBox,
    @Inject(EgressPolicy) private readonly egress: EgressPolicy,
  ) {}

  async create(spec: CreateWebhook, p: Principal): Promise<{ subscription: WebhookView; secret: string }> {
    await this.checkUrl(spec.url, []);
    await this.checkFilters(spec.filters, p);
    const secret = newSecret();
    return this.db.transaction(async (tx) => {
      const [{ n }] = await tx.query<{ n: string }[]>(
        `SELECT count(*) AS n FROM webhook_subscriptions WHERE key_id = $1`,
        [p.keyId],
      );
      if (Number(n) >= MAX_SUBSCRIPTIONS_PER_KEY)
        throw new ApiError(
          'conflict',
          `a key may hold at most ${MAX_SUBSCRIPTIONS_PER_KEY} webhooks`,
          HttpStatus.CONFLICT,
        );
      const id = `wh_${randomBytes(8).toString('hex')}`;
      await tx.insert(WebhookSubscriptionEntity, {
        id,
        keyId: p.keyId,
        url: spec.url,
        description: spec.description ?? null,
        events: [...new Set(spec.events)],
        ...dedupe(spec.filters),
        active: spec.active,
        secret: this.box.seal(secret),
      });
      const view = webhookView(await tx.findOneByOrFail(WebhookSubscriptionEntity, { id }));
      await this.audit(tx, p, 'webhook.create', id, null, view);
      return { subscription: view, secret };
    });
  }

  /** A consumer sees its own; an admin sees all (read only). */
  async list(
    p: Principal,
    cursor: string | undefined,
    limit: number,
  ): Promise<{ webhooks: WebhookView[]; nextCursor: string | null }> {
    const owner = ownerFilter(p);
    const q = this.db
      .getRepository(WebhookSubscriptionEntity)
      .createQueryBuilder('s')
      .orderBy('s.createdAt', 'ASC')
      .addOrderBy('s.id', 'ASC')
      .limit(limit);
    if (owner) q.andWhere('s.key_id = :owner', { owner });
    if (cursor)
      q.andWhere(
        '(s.created_at, s.id) > (SELECT c.created_at, c.id FROM webhook_subscriptions c WHERE c.id = :cursor)',
        { cursor },
      );
    const webhooks = (await q.getMany()).map(webhookView);
    return { webhooks, nextCursor: webhooks.length === limit ? webhooks[webhooks.length - 1].id : null };
  }

  async get(id: string, p: Principal): Promise<WebhookView> {
    return webhookView(await this.visible(this.db.manager, id, p));
  }

  async update(id: string, change: UpdateWebhook, p: Principal): Promise<WebhookView> {
    if (change.filters) await this.checkFilters(change.filters, p);
    return this.db.transaction(async (tx) => {
      const s = await this.owned(tx, id, p);
      if (change.url !== undefined) await this.checkUrl(change.url, s.egressAllow);
      const before = webhookView(s);
      if (change.url !== undefined) s.url = change.url;
      if (change.description !== undefined) s.description = change.description;
      if (change.events) s.events = [...new Set(change.events)];
      if (change.filters) Object.assign(s, dedupe(change.filters));
      if (change.active !== undefined) s.active = change.active;
      s.updatedAt = new Date();
      await tx.save(s);
      const after = webhookView(s);
      await this.audit(tx, p, 'webhook.update', id, before, after);
      return after;
    });
  }

  async remove(id: string, p: Principal): Promise<WebhookView> {
    return this.db.transaction(async (tx) => {
      const s = await this.owned(tx, id, p);
      const before = webhookView(s);
      await tx.delete(WebhookSubscriptionEntity, { id });
      await this.audit(tx, p, 'webhook.delete', id, before, null);
      return before;
    });
  }

  /** Immediate: pending retries are signed with the new secret from their next attempt. */
  async rotateSecret(id: string, p: Principal): Promise<{ subscription: WebhookView; secret: string }> {
    const secret = newSecret();
    return this.db.transaction(async (tx) => {
      const s = await this.owned(tx, id, p);
      const before = webhookView(s);
      s.secret = this.box.seal(secret);
      s.secretRotatedAt = new Date();
      s.updatedAt = s.secretRotatedAt;
      await tx.save(s);
      const after = webhookView(s);
      await this.audit(tx, p, 'webhook.rotate_secret', id, before, after);
      return { subscription: after, secret };
    });
  }

  /** The subscription if the caller may read it; another key's answers exactly like a missing one. */
  async visible(tx: EntityManager, id: string, p: Principal): Promise<WebhookSubscriptionEntity> {
    const owner = ownerFilter(p);
    const s = await tx.findOneBy(WebhookSubscriptionEntity, owner ? { id, keyId: owner } : { id });
    if (!s) throw notFound(id);
    return s;
  }

  /** The caller's own subscription, locked for a change (admins do not change other keys' webhooks). */
  async owned(tx: EntityManager, id: string, p: Principal): Promise<WebhookSubscriptionEntity> {
    const s = await tx.findOne(WebhookSubscriptionEntity, {
      where: { id, keyId: p.keyId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!s) throw notFound(id);
    return s;
  }

  /**
   * An admin's allowlist for one webhook (decision 022): hosts or CIDRs its target may reach although they are not
   * public. Audited; the consumer's own key cannot set it.
   */
  async setEgressAllow(id: string, allow: string[], p: Principal): Promise<WebhookView> {
    const list = normalAllowlist(allow);
    return this.db.transaction(async (tx) => {
      const s = await tx.findOne(WebhookSubscriptionEntity, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!s) throw notFound(id);
      const before = webhookView(s);
      s.egressAllow = list;
      s.updatedAt = new Date();
      await tx.save(s);
      const after = webhookView(s);
      await this.audit(tx, p, 'webhook.egress_allow', id, before, after);
      return after;
    });
  }

  /** Well-formed, and where it leads allowed by the egress policy; the address itself is not told to a consumer. */
  private async checkUrl(url: string, allow: string[]): Promise<void> {
    const problem = targetProblem(url);
    if (problem) throw new ApiError('invalid_request', problem, HttpStatus.BAD_REQUEST);
    try {
      await this.egress.check(url, allow);
    } catch (e) {
      const reason = e instanceof EgressRefusal ? e.reason.replace('_', '-') : 'refused';
      throw new ApiError(
        'target_refused',
        `url refused by the egress policy (${reason}); an admin may allowlist a host or range for this webhook`,
        HttpStatus.BAD_REQUEST,
      );
    }
  }

  /** Known codes, and each inside the key's scope: a filter narrows what the key sees, it never widens it. */
  private async checkFilters(f: WebhookFilters, p: Principal): Promise<void> {
    const [known] = await this.db.query<{ counties: string[]; departments: string[] }[]>(
      `SELECT ARRAY(SELECT code FROM divisions WHERE level = 'county' AND code = ANY($1::text[])) AS counties,
              ARRAY(SELECT code FROM departments WHERE code = ANY($2::text[])) AS departments`,
      [f.counties, f.departments],
    );
    const unknownCounties = f.counties.filter((c) => !known.counties.includes(c));
    const unknownDepartments = f.departments.filter((d) => !known.departments.includes(d));
    if (unknownCounties.length || unknownDepartments.length)
      throw new ApiError(
        'invalid_request',
        [
          unknownCounties.length ? `filters.counties: not county codes: ${unknownCounties.join(', ')}` : '',
          unknownDepartments.length ? `filters.departments: unknown: ${unknownDepartments.join(', ')}` : '',
        ]
          .filter(Boolean)
          .join('; '),
        HttpStatus.BAD_REQUEST,
      );
    const outCounties = p.counties ? f.counties.filter((c) => !p.counties?.includes(c)) : [];
    const outDepartments = p.departments ? f.departments.filter((d) => !p.departments?.includes(d)) : [];
    if (outCounties.length || outDepartments.length)
      throw new ApiError(
        'out_of_scope',
        `filters outside this key's scope: ${[...outCounties, ...outDepartments].join(', ')}`,
        HttpStatus.BAD_REQUEST,
      );
  }

  private audit(
    tx: EntityManager,
    p: Principal,
    action: string,
    id: string,
    before: unknown,
    after: unknown,
  ) {
    return audit(tx, { actor: actorOf(p), action, entity: 'webhook', entityId: id, before, after });
  }
}

/** Consumers are limited to their own key's subscriptions; admins (read-only routes) see every key's. */
export function ownerFilter(p: Principal): string | null {
  return p.role === 'admin' ? null : p.keyId;
}

function dedupe(f: WebhookFilters): WebhookFilters {
  return {
    counties: [...new Set(f.counties)],
    departments: [...new Set(f.departments)],
    grades: [...new Set(f.grades)],
    channels: [...new Set(f.channels)],
  };
}
