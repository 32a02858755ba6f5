import 'reflect-metadata';
import { type CallHandler, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { lastValueFrom, of } from 'rxjs';
import { type AuditRepository } from '@minsheng/shared/audit';
import { type Principal } from '../auth/principal';
import { ApiError } from '../common/api-error';
import { AuditInterceptor } from './audit.interceptor';
import { Audited, NoAudit } from './audited.decorator';

class Handlers {
  undeclared(): void {}
  @Audited() generic(): void {}
  @Audited('by-service') byService(): void {}
  @NoAudit() changesNothing(): void {}
}

const principal: Principal = { keyId: 'k1', name: 'ops', role: 'operator' };

function run(handler: keyof Handlers, method = 'POST', withKey = true) {
  const inserts: unknown[] = [];
  const auditLog = { record: (_tx: unknown, entry: unknown) => Promise.resolve(inserts.push(entry)) };
  const interceptor = new AuditInterceptor(auditLog as unknown as AuditRepository, new Reflector());
  const req = { method, principal: withKey ? principal : undefined, path: '/x', params: {}, body: { a: 1 } };
  const ctx = {
    switchToHttp: () => ({ getRequest: () => req }),
    getHandler: () => Handlers.prototype[handler],
    getClass: () => Handlers,
  } as unknown as ExecutionContext;
  let ran = false;
  const next: CallHandler = { handle: () => ((ran = true), of('done')) };
  return { inserts, ran: () => ran, result: () => lastValueFrom(interceptor.intercept(ctx, next)) };
}

describe('AuditInterceptor', () => {
  it('refuses a mutating handler that declares no audit, before the handler runs', () => {
    const call = run('undeclared');
    expect(() => call.result()).toThrow(ApiError);
    expect(call.ran()).toBe(false);
  });

  it('lets an undeclared read, or a call without a key (push intake), through', async () => {
    expect(await run('undeclared', 'GET').result()).toBe('done');
    expect(await run('undeclared', 'POST', false).result()).toBe('done');
  });

  it('writes the generic entry only for @Audited()', async () => {
    for (const [handler, entries] of [
      ['generic', 1],
      ['byService', 0],
      ['changesNothing', 0],
    ] as const) {
      const call = run(handler);
      expect(await call.result()).toBe('done');
      expect(call.inserts).toHaveLength(entries);
    }
  });
});
