import { Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Audited } from '../audit/audited.decorator';
import { Caller } from '../auth/caller.decorator';
import { actorOf, type Principal } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { ZodBody } from '../common/zod-params';
import { createPushChannelSchema, rotatePushSecretSchema, updatePushChannelSchema } from './admin-schemas';
import { PushChannelsService } from './push-channels.service';
import { ApiView } from '../common/api-views';
import { pushChannelIssuedView, pushChannelView } from './connector.views';

type Channel = z.infer<typeof pushChannelView>;
type Issued = z.infer<typeof pushChannelIssuedView>;

/** Channels that push to POST /intake/:channel; their HMAC keys are write-only. */
@ApiTags('push-channels')
@Roles('operator', 'admin')
@Controller('api/v1/push-channels')
export class PushChannelsController {
  constructor(private readonly channels: PushChannelsService) {}

  @Get()
  @ApiOperation({ summary: 'Push channels; the secret shows as {"set": true}' })
  @ApiView(z.array(pushChannelView))
  list(): Promise<Channel[]> {
    return this.channels.list();
  }

  @Post()
  @ApiOperation({
    summary: 'Create a push channel; a generated secret is in this response only (issuedSecret)',
  })
  @Audited('by-service')
  @ApiView(pushChannelIssuedView, HttpStatus.CREATED)
  create(
    @ZodBody(createPushChannelSchema) spec: z.infer<typeof createPushChannelSchema>,
    @Caller() caller: Principal,
  ): Promise<Issued> {
    return this.channels.create(spec, actorOf(caller));
  }

  @Get(':channel')
  @ApiOperation({ summary: 'One push channel' })
  @ApiParam({ name: 'channel' })
  @ApiView(pushChannelView)
  get(@Param('channel') channel: string): Promise<Channel> {
    return this.channels.get(channel);
  }

  @Patch(':channel')
  @ApiOperation({ summary: 'Enable, disable, or change the body limit' })
  @ApiParam({ name: 'channel' })
  @Audited('by-service')
  @ApiView(pushChannelView)
  update(
    @Param('channel') channel: string,
    @ZodBody(updatePushChannelSchema) change: z.infer<typeof updatePushChannelSchema>,
    @Caller() caller: Principal,
  ): Promise<Channel> {
    return this.channels.update(channel, change, actorOf(caller));
  }

  @Post(':channel/rotate-secret')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Replace the secret at once: the given one, or a generated one shown in this response only',
  })
  @ApiParam({ name: 'channel' })
  @Audited('by-service')
  @ApiView(pushChannelIssuedView)
  rotate(
    @Param('channel') channel: string,
    @ZodBody(rotatePushSecretSchema, { required: false }) spec: z.infer<typeof rotatePushSecretSchema>,
    @Caller() caller: Principal,
  ): Promise<Issued> {
    return this.channels.rotate(channel, spec, actorOf(caller));
  }

  @Delete(':channel')
  @ApiOperation({ summary: 'Delete a push channel (its items stay)' })
  @ApiParam({ name: 'channel' })
  @Audited('by-service')
  @ApiView(pushChannelView)
  remove(@Param('channel') channel: string, @Caller() caller: Principal): Promise<Channel> {
    return this.channels.remove(channel, actorOf(caller));
  }
}
