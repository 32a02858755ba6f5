import { createParamDecorator, type ExecutionContext, HttpStatus } from '@nestjs/common';
import { ApiError } from '../common/api-error';
import { type AuthedRequest, type Principal } from './principal';

/**
 * The key's principal as the guard established it. On a route without a key (@Public) there is none, and asking
 * for it is a programming error: it answers 500 rather than acting for nobody.
 */
export const Caller = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const principal = ctx.switchToHttp().getRequest<AuthedRequest>().principal;
  if (!principal)
    throw new ApiError(
      'internal',
      'this route asks for a caller but has no key',
      HttpStatus.INTERNAL_SERVER_ERROR,
    );
  return principal;
});
