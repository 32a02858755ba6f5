import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';

export const AUDIT_METADATA = 'minsheng:audit';

/**
 * How a change made through a route reaches the audit log:
 * - `interceptor`: the AuditInterceptor writes who, what and the redacted body after the handler succeeds;
 * - `service`: the service (or the handler) writes its own entry with before and after, in the transaction of
 *   the change, so the interceptor adds nothing;
 * - `none`: the route changes nothing (it validates or simulates), so there is nothing to record.
 */
export type AuditMode = 'interceptor' | 'service' | 'none';

function declare(mode: AuditMode): MethodDecorator & ClassDecorator {
  return applyDecorators(SetMetadata(AUDIT_METADATA, mode), ApiExtension('x-audit', mode));
}

/**
 * Every mutating route reached with a key declares this or @NoAudit(); the interceptor refuses one that declares
 * neither (no change goes unrecorded because someone forgot). `by-service`: the service writes its own entry.
 */
export function Audited(by?: 'by-service'): MethodDecorator & ClassDecorator {
  return declare(by === 'by-service' ? 'service' : 'interceptor');
}

/** A POST that changes nothing (validate, simulate): no entry, and no document copied into one. */
export function NoAudit(): MethodDecorator & ClassDecorator {
  return declare('none');
}
