import { Module } from '@nestjs/common';
import { CoreModule } from '@minsheng/shared/runtime';
import { ConnectorsService } from './runtime/connectors.service';

@Module({ imports: [CoreModule.forApp('connectors')], providers: [ConnectorsService] })
export class ConnectorsModule {}
