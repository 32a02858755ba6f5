import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension, ApiForbiddenResponse, ApiSecurity, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { type ApiKeyRole } from '@minsheng/shared/db';

export const ROLES_METADATA = 'minsheng:roles';
export const PUBLIC_METADATA = 'minsheng:public';

/** Every route says who may call it; the guard refuses a route that says nothing (no accidental open endpoint). */
export function Roles(...roles: ApiKeyRole[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    SetMetadata(ROLES_METADATA, roles),
    ApiSecurity('apiKey'),
    ApiExtension('x-roles', roles),
    ApiUnauthorizedResponse({ description: 'no key, or an invalid, expired or revoked key' }),
    ApiForbiddenResponse({ description: `the key's role is not one of: ${roles.join(', ')}` }),
  );
}

/** Reachable without a key (health, docs, schemas, Open311 service list; push intake has its own signature). */
export function Public(): MethodDecorator & ClassDecorator {
  return applyDecorators(SetMetadata(PUBLIC_METADATA, true), ApiExtension('x-public', true));
}
