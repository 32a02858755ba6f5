import { Body, Controller, Delete, Get, HttpStatus, Param, Post, Req } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { API_KEY_ROLES } from '@minsheng/shared/db';
import { ApiKeyError, ApiKeyStore, type ApiKeyView } from '@minsheng/shared/keys';
import { ApiError } from '../common/api-error';
import { parseBody } from '../common/parse-body';
import { markAudited } from '../audit/audit.interceptor';
import { ApiKeyGuard } from './api-key.guard';
import { actorOf, type AuthedRequest } from './principal';
import { Roles } from './roles.decorator';

const newKeySchema = z.object({
  name: z.string().min(1).max(200),
  role: z.enum(API_KEY_ROLES),
  counties: z
    .array(z.string())
    .optional()
    .describe('consumer keys: county codes, or 341200 for the whole city'),
  departments: z
    .array(z.string())
    .optional()
    .describe('consumer keys: only tickets led or co-handled by these'),
  ratePerMinute: z.number().int().min(1).max(100_000).optional(),
  expiresAt: z.iso.datetime({ offset: true }).optional(),
});
const rotateSchema = z.object({
  graceSeconds: z
    .number()
    .int()
    .min(0)
    .max(30 * 86400)
    .default(86400),
});

function keyError(e: unknown): never {
  if (e instanceof ApiKeyError)
    throw new ApiError(
      e.code,
      e.message,
      e.code === 'key_not_found' ? HttpStatus.NOT_FOUND : HttpStatus.BAD_REQUEST,
    );
  throw e;
}

@ApiTags('keys')
@Controller('api/v1/keys')
@Roles('admin')
export class KeysController {
  constructor(
    private readonly store: ApiKeyStore,
    private readonly guard: ApiKeyGuard,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List keys (never their secrets)' })
  list(): Promise<ApiKeyView[]> {
    return this.store.list();
  }

  @Post()
  @ApiOperation({ summary: 'Create a key; the key itself is in this response only' })
  @ApiBody({ schema: z.toJSONSchema(newKeySchema, { io: 'input' }) as object })
  async create(@Body() body: unknown, @Req() req: AuthedRequest): Promise<{ key: string; view: ApiKeyView }> {
    const spec = parseBody(newKeySchema, body);
    markAudited(req);
    return this.store
      .create(
        { ...spec, expiresAt: spec.expiresAt ? new Date(spec.expiresAt) : null },
        actorOf(req.principal!),
      )
      .catch(keyError);
  }

  @Post(':id/rotate')
  @ApiOperation({ summary: 'Issue a replacement key; the old one expires after the grace period' })
  @ApiBody({ schema: z.toJSONSchema(rotateSchema, { io: 'input' }) as object, required: false })
  async rotate(
    @Param('id') id: string,
    @Body() body: unknown,
    @Req() req: AuthedRequest,
  ): Promise<{ key: string; view: ApiKeyView }> {
    const { graceSeconds } = parseBody(rotateSchema, body ?? {});
    markAudited(req);
    return this.store.rotate(id, graceSeconds, actorOf(req.principal!)).catch(keyError);
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Revoke a key at once' })
  async revoke(@Param('id') id: string, @Req() req: AuthedRequest): Promise<ApiKeyView> {
    markAudited(req);
    const view = await this.store.revoke(id, actorOf(req.principal!)).catch(keyError);
    this.guard.forget(id);
    return view;
  }
}
