import {
  type CallHandler,
  type ExecutionContext,
  Inject,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import { type Observable, from, mergeMap } from 'rxjs';
import { type DataSource } from 'typeorm';
import { maskText } from '@minsheng/shared/pii';
import { DATA_SOURCE } from '@minsheng/shared/runtime';
import { actorOf, type AuthedRequest } from '../auth/principal';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Body fields that are never copied into the audit log. */
const SECRET_FIELD = /secret|password|token|key$/i;

function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, SECRET_FIELD.test(k) ? '[redacted]' : redact(v)]),
    );
  return typeof value === 'string' ? maskText(value) : value;
}

/**
 * Every successful mutating call by a key leaves an audit entry. Services that know before/after write their own in
 * the same transaction and mark the request (markAudited); for the rest this writes who, what and the (redacted) body.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(@Inject(DATA_SOURCE) private readonly db: DataSource) {}

  intercept(ctx: ExecutionContext, next: CallHandler<unknown>): Observable<unknown> {
    const req = ctx.switchToHttp().getRequest<AuthedRequest>();
    if (!MUTATING.has(req.method) || !req.principal) return next.handle();
    return next.handle().pipe(
      mergeMap((result: unknown) =>
        from(
          (async () => {
            if (!req.audited) await this.write(req);
            return result;
          })(),
        ),
      ),
    );
  }

  private async write(req: AuthedRequest): Promise<void> {
    const route = (req.route as { path?: string } | undefined)?.path ?? req.path;
    const params = req.params as Record<string, string>;
    await this.db.query(
      `INSERT INTO audit_log (actor, action, entity, entity_id, before, after) VALUES ($1, $2, $3, $4, NULL, $5)`,
      [
        actorOf(req.principal!),
        `${req.method} ${route}`,
        route.split('/').filter((s) => s && !s.startsWith(':'))[2] ?? route,
        params.id ?? Object.values(params).join('/'),
        JSON.stringify(redact(req.body ?? null)),
      ],
    );
  }
}

export function markAudited(req: AuthedRequest): void {
  req.audited = true;
}

/** A POST that changes nothing (validating or simulating a rule set): no audit entry, and no document copied into one. */
export function changesNothing(req: AuthedRequest): void {
  req.audited = true;
}
