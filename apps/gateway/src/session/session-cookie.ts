import { Inject, Injectable } from '@nestjs/common';
import { type CookieOptions, type Request } from 'express';
import { APP_CONFIG, type AppConfig } from '@minsheng/shared/runtime';

/** The session cookie's attributes: never readable by scripts, never sent cross-site, Secure over https. */
@Injectable()
export class SessionCookie {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  options(req: Request): CookieOptions {
    return {
      httpOnly: true,
      sameSite: 'strict',
      path: '/',
      secure: this.config.CONSOLE_COOKIE_SECURE === 'always' || req.secure,
    };
  }
}
