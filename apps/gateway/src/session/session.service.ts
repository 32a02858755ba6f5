import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { type z } from 'zod';
import { AuditRepository } from '@minsheng/shared/audit';
import { ApiKeyStore } from '@minsheng/shared/keys';
import { APP_CONFIG, type AppConfig } from '@minsheng/shared/runtime';
import { actorOf, type Principal, principalOf, type RequestSession } from '../auth/principal';
import { ApiError } from '../common/api-error';
import { ConsoleSessionRepository } from './console-session.repository';
import { csrfTokenFor, newSession } from './session-token';
import { type sessionView } from './session.views';

export type SessionView = z.infer<typeof sessionView>;

export function sessionViewOf(p: Principal, s: RequestSession | undefined): SessionView {
  return {
    keyId: p.keyId,
    name: p.name,
    role: p.role,
    counties: p.counties ?? null,
    departments: p.departments ?? null,
    via: s ? 'session' : 'key',
    expiresAt: s ? s.expiresAt.toISOString() : null,
    csrfToken: s ? csrfTokenFor(s.token) : null,
  };
}

/** Signing in with a key opens a server-side session (audited); signing out revokes it (audited). */
@Injectable()
export class SessionService {
  constructor(
    private readonly sessions: ConsoleSessionRepository,
    private readonly keys: ApiKeyStore,
    private readonly auditLog: AuditRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async signIn(key: string): Promise<{ principal: Principal; session: RequestSession }> {
    const k = await this.keys.verify(key);
    if (!k)
      throw new ApiError(
        'unauthorized',
        'the API key is invalid, expired or revoked',
        HttpStatus.UNAUTHORIZED,
      );
    const principal = principalOf(k);
    const s = newSession();
    const ttlMs = this.config.CONSOLE_SESSION_MINUTES * 60_000;
    const expiresAt = await this.sessions.transaction(async (tx) => {
      const at = await this.sessions.open(tx, { id: s.id, tokenHash: s.tokenHash, keyId: k.id, ttlMs });
      await this.auditLog.record(tx, {
        actor: actorOf(principal),
        action: 'session.sign_in',
        entity: 'console_session',
        entityId: s.id,
        before: null,
        after: { keyId: k.id, role: k.role, expiresAt: at.toISOString() },
      });
      return at;
    });
    return { principal, session: { id: s.id, token: s.token, expiresAt } };
  }

  async signOut(principal: Principal, session: RequestSession): Promise<void> {
    await this.sessions.transaction(async (tx) => {
      if (!(await this.sessions.revoke(tx, session.id))) return;
      await this.auditLog.record(tx, {
        actor: actorOf(principal),
        action: 'session.sign_out',
        entity: 'console_session',
        entityId: session.id,
        before: { expiresAt: session.expiresAt.toISOString() },
        after: { revoked: true },
      });
    });
  }
}
