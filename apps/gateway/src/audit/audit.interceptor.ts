import {
  type CallHandler,
  type ExecutionContext,
  HttpStatus,
  Inject,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { type Observable, from, mergeMap } from 'rxjs';
import { AuditRepository } from '@minsheng/shared/audit';
import { maskText } from '@minsheng/shared/pii';
import { actorOf, type AuthedRequest } from '../auth/principal';
import { ApiError } from '../common/api-error';
import { AUDIT_METADATA, type AuditMode } from './audited.decorator';

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
 * Every successful mutating call by a key leaves an audit entry, as its handler declares (@Audited, @NoAudit).
 * Services that know before/after write their own in the same transaction (@Audited('by-service')); for the rest
 * this writes who, what and the (redacted) body. A mutating handler that declares nothing is refused before it runs.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(
    @Inject(AuditRepository) private readonly auditLog: AuditRepository,
    private readonly reflector: Reflector,
  ) {}

  intercept(ctx: ExecutionContext, next: CallHandler<unknown>): Observable<unknown> {
    const req = ctx.switchToHttp().getRequest<AuthedRequest>();
    if (!MUTATING.has(req.method) || !req.principal) return next.handle();
    const mode = this.reflector.getAllAndOverride<AuditMode | undefined>(AUDIT_METADATA, [
      ctx.getHandler(),
      ctx.getClass(),
    ]);
    if (!mode)
      throw new ApiError(
        'internal',
        'this route changes data but declares no audit; refusing it',
        HttpStatus.INTERNAL_SERVER_ERROR,
      );
    if (mode !== 'interceptor') return next.handle();
    return next.handle().pipe(
      mergeMap((result: unknown) =>
        from(
          (async () => {
            await this.write(req);
            return result;
          })(),
        ),
      ),
    );
  }

  private async write(req: AuthedRequest): Promise<void> {
    const route = (req.route as { path?: string } | undefined)?.path ?? req.path;
    const params = req.params as Record<string, string>;
    await this.auditLog.record(undefined, {
      actor: actorOf(req.principal!),
      action: `${req.method} ${route}`,
      entity: route.split('/').filter((s) => s && !s.startsWith(':'))[2] ?? route,
      entityId: params.id ?? Object.values(params).join('/'),
      before: undefined,
      after: redact(req.body ?? null),
    });
  }
}
