import { Controller, Delete, Get, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { API_KEY_ROLES } from '@minsheng/shared/db';
import { ApiKeyStore } from '@minsheng/shared/keys';
import { ZodBody } from '../common/zod-params';
import { Audited } from '../audit/audited.decorator';
import { ApiKeyGuard } from './api-key.guard';
import { Caller } from './caller.decorator';
import { actorOf, type Principal } from './principal';
import { Roles } from './roles.decorator';
import { ApiView } from '../common/api-views';
import { apiKeyView, issuedKeyView } from './key.views';

type Key = z.infer<typeof apiKeyView>;

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
  @ApiView(z.array(apiKeyView))
  list(): Promise<Key[]> {
    return this.store.list();
  }

  @Post()
  @ApiOperation({ summary: 'Create a key; the key itself is in this response only' })
  @Audited('by-service')
  @ApiView(issuedKeyView, HttpStatus.CREATED)
  create(
    @ZodBody(newKeySchema) spec: z.infer<typeof newKeySchema>,
    @Caller() caller: Principal,
  ): Promise<z.infer<typeof issuedKeyView>> {
    return this.store.create(
      { ...spec, expiresAt: spec.expiresAt ? new Date(spec.expiresAt) : null },
      actorOf(caller),
    );
  }

  @Post(':id/rotate')
  @ApiOperation({ summary: 'Issue a replacement key; the old one expires after the grace period' })
  @Audited('by-service')
  @ApiView(issuedKeyView, HttpStatus.CREATED)
  rotate(
    @Param('id') id: string,
    @ZodBody(rotateSchema, { required: false }) { graceSeconds }: z.infer<typeof rotateSchema>,
    @Caller() caller: Principal,
  ): Promise<z.infer<typeof issuedKeyView>> {
    return this.store.rotate(id, graceSeconds, actorOf(caller));
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Revoke a key at once' })
  @Audited('by-service')
  @ApiView(apiKeyView)
  async revoke(@Param('id') id: string, @Caller() caller: Principal): Promise<Key> {
    const view = await this.store.revoke(id, actorOf(caller));
    this.guard.forget(id);
    return view;
  }
}
