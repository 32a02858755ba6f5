import { type Provider } from '@nestjs/common';
import { EgressPolicy, egressPolicyFromConfig } from '@minsheng/connector-sdk/egress';
import { APP_CONFIG, type AppConfig } from '@minsheng/shared/runtime';

/** The gateway's egress policy (decision 022): webhook targets are checked with it at create, update and send. */
export const egressPolicyProvider: Provider = {
  provide: EgressPolicy,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig) => egressPolicyFromConfig(config),
};
