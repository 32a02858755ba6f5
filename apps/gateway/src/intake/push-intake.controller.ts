import { Controller, HttpCode, HttpStatus, Param, Post, type RawBodyRequest, Req } from '@nestjs/common';
import { type Request } from 'express';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/roles.decorator';
import { PushIntakeService } from './push-intake.service';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER } from './push-signature';
import { type z } from 'zod';
import { ApiView } from '../common/api-views';
import { pushAcceptedView } from './intake.views';

/** No API key: each channel signs its deliveries with its own HMAC secret instead. */
@Public()
@ApiTags('intake')
@Controller('intake')
export class PushIntakeController {
  constructor(private readonly intake: PushIntakeService) {}

  /** Needs the raw body (NestFactory.create({ rawBody: true })): the signature is over the exact bytes. */
  @Post(':channel')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiView(pushAcceptedView, HttpStatus.ACCEPTED)
  push(
    @Param('channel') channel: string,
    @Req() req: RawBodyRequest<Request>,
  ): Promise<z.infer<typeof pushAcceptedView>> {
    return this.intake.accept(channel, {
      rawBody: req.rawBody,
      body: req.body,
      contentLength: req.header('content-length'),
      timestamp: req.header(TIMESTAMP_HEADER),
      signature: req.header(SIGNATURE_HEADER),
    });
  }
}
