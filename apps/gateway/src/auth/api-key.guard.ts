import { type CanActivate, type ExecutionContext, HttpStatus, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { type Response } from 'express';
import { type ApiKeyRole } from '@minsheng/shared/db';
import { ApiKeyStore } from '@minsheng/shared/keys';
import { ApiError } from '../common/api-error';
import { ConsoleSessionRepository } from '../session/console-session.repository';
import { CSRF_HEADER, csrfMatches, hashToken, sessionTokenOf } from '../session/session-token';
import { type AuthedRequest, principalOf } from './principal';
import { RateLimiter } from './rate-limiter';
import { PUBLIC_METADATA, ROLES_METADATA } from './roles.decorator';

/** A verified key is trusted this long before it is looked up again, so a revocation takes effect within it. */
const CACHE_MS = 5_000;

function presentedKey(req: AuthedRequest): string | undefined {
  const auth = req.header('authorization');
  if (auth?.toLowerCase().startsWith('bearer ')) return auth.slice(7).trim();
  return req.header('x-api-key') ?? undefined;
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

type Authenticated = { principal: ReturnType<typeof principalOf>; rate: number };

/**
 * Key or console session → principal → role check → rate limit, for every route of the gateway (APP_GUARD).
 * A key in a header wins over a cookie; a mutating call made with the cookie needs the session's CSRF token.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly limiter = new RateLimiter();
  private readonly cache = new Map<
    string,
    { at: number; principal: ReturnType<typeof principalOf>; rate: number }
  >();

  constructor(
    private readonly reflector: Reflector,
    private readonly store: ApiKeyStore,
    private readonly sessions: ConsoleSessionRepository,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_METADATA, targets)) return true;
    const roles = this.reflector.getAllAndOverride<ApiKeyRole[] | undefined>(ROLES_METADATA, targets);
    if (!roles?.length)
      throw new ApiError(
        'internal',
        'this route declares no role; refusing it',
        HttpStatus.INTERNAL_SERVER_ERROR,
      );
    const req = ctx.switchToHttp().getRequest<AuthedRequest>();
    const found = await this.authenticate(req);
    req.principal = found.principal;
    if (!roles.includes(found.principal.role))
      throw new ApiError(
        'forbidden',
        `this route needs one of the roles ${roles.join(', ')}; the key has ${found.principal.role}`,
        HttpStatus.FORBIDDEN,
      );
    const wait = this.limiter.take(found.principal.keyId, found.rate);
    if (wait > 0) {
      ctx.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(wait));
      throw new ApiError(
        'rate_limited',
        `rate limit of ${found.rate}/min exceeded; retry in ${wait}s`,
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
    return true;
  }

  private async authenticate(req: AuthedRequest): Promise<Authenticated> {
    const presented = presentedKey(req);
    const sessionToken = presented ? undefined : sessionTokenOf(req.header('cookie'));
    if (sessionToken) return this.fromSession(req, sessionToken);
    if (!presented)
      throw new ApiError(
        'unauthorized',
        'an API key is required (Authorization: Bearer msk_…), or a console session',
        HttpStatus.UNAUTHORIZED,
      );
    const found = await this.lookup(presented);
    if (!found)
      throw new ApiError(
        'unauthorized',
        'the API key is invalid, expired or revoked',
        HttpStatus.UNAUTHORIZED,
      );
    return found;
  }

  /** Sessions are looked up on every request (no cache), so signing out or revoking the key ends them at once. */
  private async fromSession(req: AuthedRequest, token: string): Promise<Authenticated> {
    const s = await this.sessions.findActive(hashToken(token));
    if (!s)
      throw new ApiError(
        'unauthorized',
        'the console session has ended (signed out, expired, or its key revoked); sign in again',
        HttpStatus.UNAUTHORIZED,
      );
    if (MUTATING.has(req.method) && !csrfMatches(token, req.header(CSRF_HEADER)))
      throw new ApiError(
        'csrf_required',
        "a change made with the session cookie needs the session's X-CSRF-Token header",
        HttpStatus.FORBIDDEN,
      );
    req.session = { id: s.id, token, expiresAt: s.expiresAt };
    return { principal: principalOf(s.key), rate: s.key.ratePerMinute };
  }

  /** A revoked or rotated key stops working here at once (other replicas notice within CACHE_MS). */
  forget(keyId: string): void {
    for (const [k, v] of this.cache) if (v.principal.keyId === keyId) this.cache.delete(k);
  }

  private async lookup(presented: string) {
    const now = Date.now();
    const cached = this.cache.get(presented);
    if (cached && now - cached.at < CACHE_MS) return cached;
    this.cache.delete(presented);
    const k = await this.store.verify(presented);
    if (!k) return undefined;
    void this.store.touch(k.id).catch(() => undefined);
    const entry = { at: now, principal: principalOf(k), rate: k.ratePerMinute };
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(presented, entry);
    return entry;
  }
}
