import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Req } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { markAudited } from '../audit/audit.interceptor';
import { actorOf, type AuthedRequest } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { parseBody } from '../common/parse-body';
import { createPushChannelSchema, rotatePushSecretSchema, updatePushChannelSchema } from './admin-schemas';
import { type PushChannelIssued, PushChannelsService, type PushChannelView } from './push-channels.service';

/** Channels that push to POST /intake/:channel; their HMAC keys are write-only. */
@ApiTags('push-channels')
@Roles('operator', 'admin')
@Controller('api/v1/push-channels')
export class PushChannelsController {
  constructor(private readonly channels: PushChannelsService) {}

  @Get()
  @ApiOperation({ summary: 'Push channels; the secret shows as {"set": true}' })
  list(): Promise<PushChannelView[]> {
    return this.channels.list();
  }

  @Post()
  @ApiOperation({
    summary: 'Create a push channel; a generated secret is in this response only (issuedSecret)',
  })
  @ApiBody({ schema: z.toJSONSchema(createPushChannelSchema, { io: 'input' }) as object })
  async create(@Body() body: unknown, @Req() req: AuthedRequest): Promise<PushChannelIssued> {
    const created = await this.channels.create(
      parseBody(createPushChannelSchema, body),
      actorOf(req.principal!),
    );
    markAudited(req);
    return created;
  }

  @Get(':channel')
  @ApiOperation({ summary: 'One push channel' })
  @ApiParam({ name: 'channel' })
  get(@Param('channel') channel: string): Promise<PushChannelView> {
    return this.channels.get(channel);
  }

  @Patch(':channel')
  @ApiOperation({ summary: 'Enable, disable, or change the body limit' })
  @ApiParam({ name: 'channel' })
  @ApiBody({ schema: z.toJSONSchema(updatePushChannelSchema, { io: 'input' }) as object })
  async update(
    @Param('channel') channel: string,
    @Body() body: unknown,
    @Req() req: AuthedRequest,
  ): Promise<PushChannelView> {
    const updated = await this.channels.update(
      channel,
      parseBody(updatePushChannelSchema, body),
      actorOf(req.principal!),
    );
    markAudited(req);
    return updated;
  }

  @Post(':channel/rotate-secret')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Replace the secret at once: the given one, or a generated one shown in this response only',
  })
  @ApiParam({ name: 'channel' })
  @ApiBody({ schema: z.toJSONSchema(rotatePushSecretSchema, { io: 'input' }) as object, required: false })
  async rotate(
    @Param('channel') channel: string,
    @Body() body: unknown,
    @Req() req: AuthedRequest,
  ): Promise<PushChannelIssued> {
    const rotated = await this.channels.rotate(
      channel,
      parseBody(rotatePushSecretSchema, body ?? {}),
      actorOf(req.principal!),
    );
    markAudited(req);
    return rotated;
  }

  @Delete(':channel')
  @ApiOperation({ summary: 'Delete a push channel (its items stay)' })
  @ApiParam({ name: 'channel' })
  async remove(@Param('channel') channel: string, @Req() req: AuthedRequest): Promise<PushChannelView> {
    const removed = await this.channels.remove(channel, actorOf(req.principal!));
    markAudited(req);
    return removed;
  }
}
