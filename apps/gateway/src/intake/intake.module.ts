import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { APP_LOGGER, type Logger } from '@minsheng/shared/runtime';
import { intakeBodyErrorHandler } from './body-parser-errors';
import { PushIntakeController } from './push-intake.controller';
import { PushIntakeService } from './push-intake.service';

/** Channels that push (WeChat mini-programs, new-media accounts): POST /intake/:channel. */
@Module({
  controllers: [PushIntakeController],
  providers: [PushIntakeService],
})
export class IntakeModule implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  /** Runs after the routes are registered and before Nest's own error handler, so it sees the parser's errors first. */
  onModuleInit(): void {
    this.adapterHost.httpAdapter?.use('/intake', intakeBodyErrorHandler(this.logger));
  }
}
