import { Inject, Injectable } from '@nestjs/common';
import { fieldIssues } from '@minsheng/shared/contracts';
import { type CheckRequest, ControlError } from '@minsheng/shared/control';
import { ConnectorInstancesRepository } from '@minsheng/shared/connectors-store';
import { APP_CONFIG, APP_LOGGER, type AppConfig, type Logger } from '@minsheng/shared/runtime';
import { scrubSecrets, SecretBox } from '@minsheng/shared/secrets';
import { type CheckResult, type ConnectorContext } from '@minsheng/connector-sdk';
import { egressPolicyFromConfig } from '@minsheng/connector-sdk/egress';
import { checkContext } from '@minsheng/connector-sdk/http';
import { ConnectorRegistry, UnknownConnectorTypeError } from '@minsheng/connector-types';
import { connectorsUserAgent } from './user-agent';

/**
 * Runs a type's `check` against the live source, for the gateway: one sample fetched and parsed, nothing stored or
 * published. Secrets arrive sealed (a saved instance's, read here, or a config under test, sealed by the gateway),
 * are opened only in memory and scrubbed from every message, which may echo a URL.
 */
@Injectable()
export class LiveCheck {
  private readonly ctx: ConnectorContext;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(APP_LOGGER) private readonly logger: Logger,
    @Inject(ConnectorRegistry) private readonly registry: ConnectorRegistry,
    @Inject(ConnectorInstancesRepository) private readonly instances: ConnectorInstancesRepository,
    @Inject(SecretBox) private readonly box: SecretBox,
  ) {
    // A fetcher of its own (fewer retries than a pull: an operator is waiting), not the pulls' politeness queue.
    this.ctx = checkContext(config.PII_HASH_KEY, connectorsUserAgent(), egressPolicyFromConfig(config));
  }

  async run(request: CheckRequest): Promise<CheckResult> {
    const { type, config, allow } =
      'instanceId' in request ? await this.saved(request.instanceId) : { ...request, allow: [] };
    const connector = this.typeOf(type);
    const { value, secrets } = this.box.openDeep(config);
    const parsed = connector.configSchema.safeParse(value);
    if (!parsed.success) return { ok: false, sample: 0, errors: fieldIssues(parsed.error, 'config') };
    let result: CheckResult;
    try {
      // A saved instance's admin allowlist applies to its check too (decision 022).
      const ctx = { ...this.ctx, http: this.ctx.http.withEgressAllow(allow) };
      result = await connector.check(parsed.data, ctx);
    } catch (e) {
      result = { ok: false, sample: 0, errors: [{ message: (e as Error).message }] };
    }
    this.logger.info({ type, ok: result.ok, sample: result.sample }, 'live check done');
    return {
      ...result,
      errors: result.errors.map((e) => ({
        field: e.field === undefined ? undefined : `config.${e.field}`,
        message: scrubSecrets(e.message, secrets),
      })),
    };
  }

  private typeOf(type: string) {
    try {
      return this.registry.get(type);
    } catch (e) {
      if (e instanceof UnknownConnectorTypeError) throw new ControlError(e.code, e.message);
      throw e;
    }
  }

  private async saved(
    id: string,
  ): Promise<{ type: string; config: Record<string, unknown>; allow: string[] }> {
    const row = await this.instances.find(id);
    if (!row) throw new ControlError('not_found', `no connector instance ${JSON.stringify(id)}`);
    return { type: row.type, config: row.config, allow: row.egress_allow ?? [] };
  }
}
