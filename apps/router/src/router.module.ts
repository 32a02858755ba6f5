import { Module } from '@nestjs/common';
import { CoreModule } from '@minsheng/shared/runtime';
import { RouterConsumerService } from './consumer/router-consumer.service';

@Module({ imports: [CoreModule.forApp('router')], providers: [RouterConsumerService] })
export class RouterModule {}
