import { Inject, Injectable } from '@nestjs/common';
import { scrubSecrets } from '@minsheng/shared/secrets';
import { APP_CONFIG, type AppConfig } from '@minsheng/shared/runtime';
import { type CheckResult, type ConnectorContext } from '@minsheng/connector-sdk';
import { checkContext } from '@minsheng/connector-sdk/http';
import { loadConnectorType } from '@minsheng/connector-types';
import { type CatalogEntry, zodFieldErrors } from './connector-catalog';

/** Runs a type's `check` against the live source: one sample fetched and parsed, nothing stored or published. */
@Injectable()
export class LiveCheck {
  private readonly ctx: ConnectorContext;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.ctx = checkContext(config.PII_HASH_KEY);
  }

  /** `secrets` are the clear secret values in the config: scrubbed from every message, which may echo a URL. */
  async run(entry: CatalogEntry, clearConfig: unknown, secrets: string[]): Promise<CheckResult> {
    const parsed = entry.type.configSchema.safeParse(clearConfig);
    if (!parsed.success) return { ok: false, sample: 0, errors: zodFieldErrors(parsed.error, 'config') };
    let result: CheckResult;
    try {
      result = await (await loadConnectorType(entry.type.type)).check(parsed.data, this.ctx);
    } catch (e) {
      result = { ok: false, sample: 0, errors: [{ message: (e as Error).message }] };
    }
    return {
      ...result,
      errors: result.errors.map((e) => ({
        field: e.field === undefined ? undefined : `config.${e.field}`,
        message: scrubSecrets(e.message, secrets),
      })),
    };
  }
}
