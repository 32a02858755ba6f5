import { Controller, Delete, Get, HttpStatus, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type CookieOptions, type Response } from 'express';
import { z } from 'zod';
import { API_KEY_ROLES } from '@minsheng/shared/db';
import { Audited } from '../audit/audited.decorator';
import { Caller } from '../auth/caller.decorator';
import { type AuthedRequest, type Principal } from '../auth/principal';
import { Public, Roles } from '../auth/roles.decorator';
import { ApiError } from '../common/api-error';
import { ApiView } from '../common/api-views';
import { ZodBody } from '../common/zod-params';
import { SessionCookie } from './session-cookie';
import { SESSION_COOKIE } from './session-token';
import { SessionService, sessionViewOf, type SessionView } from './session.service';
import { sessionView, signedOutView } from './session.views';

const signInSchema = z.object({ key: z.string().min(1).max(200).describe('an API key, msk_<id>_<secret>') });

@ApiTags('session')
@Controller('api/v1/session')
export class SessionController {
  constructor(
    private readonly sessions: SessionService,
    private readonly cookie: SessionCookie,
  ) {}

  @Post()
  @Public()
  @Audited('by-service')
  @ApiOperation({
    summary: 'Sign in to the web console with an API key',
    description:
      'Sets the HttpOnly, SameSite=Strict session cookie; the key itself is not kept. Mutating calls made with the ' +
      'cookie need the returned csrfToken as X-CSRF-Token, else 403 csrf_required.',
  })
  @ApiView(sessionView, HttpStatus.CREATED)
  async signIn(
    @ZodBody(signInSchema) { key }: z.infer<typeof signInSchema>,
    @Req() req: AuthedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SessionView> {
    const { principal, session } = await this.sessions.signIn(key);
    res.cookie(SESSION_COOKIE, session.token, { ...this.cookie.options(req), expires: session.expiresAt });
    return sessionViewOf(principal, session);
  }

  @Get()
  @Roles(...API_KEY_ROLES)
  @ApiOperation({ summary: 'Who is signed in: role and scope (the console builds its menus from it)' })
  @ApiView(sessionView)
  current(@Caller() caller: Principal, @Req() req: AuthedRequest): SessionView {
    return sessionViewOf(caller, req.session);
  }

  @Delete()
  @Roles(...API_KEY_ROLES)
  @Audited('by-service')
  @ApiOperation({ summary: 'Sign out: the session is revoked on the server and the cookie cleared' })
  @ApiView(signedOutView)
  async signOut(
    @Caller() caller: Principal,
    @Req() req: AuthedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<z.infer<typeof signedOutView>> {
    if (!req.session)
      throw new ApiError(
        'not_a_session',
        'this call was made with a key, not a session cookie',
        HttpStatus.BAD_REQUEST,
      );
    await this.sessions.signOut(caller, req.session);
    const { httpOnly, sameSite, secure, path }: CookieOptions = this.cookie.options(req);
    res.clearCookie(SESSION_COOKIE, { httpOnly, sameSite, secure, path });
    return { signedOut: true };
  }
}
