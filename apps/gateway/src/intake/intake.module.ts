import { Module } from '@nestjs/common';
import { PushIntakeController } from './push-intake.controller';
import { PushIntakeService } from './push-intake.service';

/** Channels that push (WeChat mini-programs, new-media accounts): POST /intake/:channel. */
@Module({
  controllers: [PushIntakeController],
  providers: [PushIntakeService],
})
export class IntakeModule {}
