import {
  Controller,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  type RawBodyRequest,
  Req,
  UseFilters,
} from '@nestjs/common';
import { type Request } from 'express';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/roles.decorator';
import { IntakeErrorFilter } from './intake-error';
import { PushIntakeService, type PushAccepted } from './push-intake.service';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER } from './push-signature';

/** No API key: each channel signs its deliveries with its own HMAC secret instead. */
@Public()
@ApiTags('intake')
@Controller('intake')
@UseFilters(IntakeErrorFilter)
export class PushIntakeController {
  constructor(private readonly intake: PushIntakeService) {}

  /** Needs the raw body (NestFactory.create({ rawBody: true })): the signature is over the exact bytes. */
  @Post(':channel')
  @HttpCode(HttpStatus.ACCEPTED)
  push(@Param('channel') channel: string, @Req() req: RawBodyRequest<Request>): Promise<PushAccepted> {
    return this.intake.accept(channel, {
      rawBody: req.rawBody,
      body: req.body,
      contentLength: req.header('content-length'),
      timestamp: req.header(TIMESTAMP_HEADER),
      signature: req.header(SIGNATURE_HEADER),
    });
  }
}
