import { Controller, Get, HttpCode, HttpStatus, Inject, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { audit } from '@minsheng/shared/audit';
import { type CheckRequest, CONTROL_PATTERNS } from '@minsheng/shared/control';
import { DATA_SOURCE } from '@minsheng/shared/runtime';
import { SecretBox } from '@minsheng/shared/secrets';
import { maskSecrets, sealSecrets } from '@minsheng/connector-sdk';
import { Audited } from '../audit/audited.decorator';
import { Caller } from '../auth/caller.decorator';
import { actorOf, type Principal } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { ZodBody } from '../common/zod-params';
import { checkTypeSchema, validateSchema } from './admin-schemas';
import { ControlPlane } from '../control/control-plane';
import { ControlPlaneResponses } from '../control/control-plane-responses';
import { ConnectorCatalog } from './connector-catalog';
import { ApiView } from '../common/api-views';
import { checkResultView, configValidationView, connectorTypeView } from './connector.views';

/** Channel types, their config schemas, and trying a config out before saving it (Airbyte's spec and check). */
@ApiTags('connectors')
@Roles('operator', 'admin')
@Controller('api/v1/connector-types')
export class ConnectorTypesController {
  constructor(
    private readonly catalog: ConnectorCatalog,
    @Inject(ControlPlane) private readonly control: ControlPlane,
    @Inject(SecretBox) private readonly box: SecretBox,
    @Inject(DATA_SOURCE) private readonly db: DataSource,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Connector types with their config and cursor JSON Schemas; secret fields are marked writeOnly',
  })
  @ApiView(z.array(connectorTypeView))
  list(): z.infer<typeof connectorTypeView>[] {
    return this.catalog.describe();
  }

  @Post(':type/validate')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'Validate a config (and schedule) without saving: 200 with valid and per-field errors, never a 400',
  })
  @ApiParam({ name: 'type' })
  @Audited('by-service')
  @ApiView(configValidationView)
  async validate(
    @Param('type') type: string,
    @ZodBody(validateSchema) spec: z.infer<typeof validateSchema>,
    @Caller() caller: Principal,
  ): Promise<z.infer<typeof configValidationView>> {
    const errors = this.catalog.validate(type, spec.config, spec.schedule);
    await this.trail(caller, 'connector_type.validate', type, spec.config, { valid: errors.length === 0 });
    return { valid: errors.length === 0, errors };
  }

  @Post(':type/check')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'Fetch and parse a sample from the live source with this config, in the connectors process; nothing is stored or published',
  })
  @ApiParam({ name: 'type' })
  @ControlPlaneResponses('connectors')
  @Audited('by-service')
  @ApiView(checkResultView)
  async check(
    @Param('type') type: string,
    @ZodBody(checkTypeSchema) { config }: z.infer<typeof checkTypeSchema>,
    @Caller() caller: Principal,
  ): Promise<z.infer<typeof checkResultView>> {
    const entry = this.catalog.entry(type);
    const invalid = this.catalog.validate(type, config);
    // The connectors process fetches; the secrets travel sealed, as they are stored, and are opened only there.
    const result: z.infer<typeof checkResultView> = invalid.length
      ? { ok: false, sample: 0, errors: invalid }
      : await this.control.ask<CheckRequest, z.infer<typeof checkResultView>>(CONTROL_PATTERNS.check, {
          type,
          config: sealSecrets(config, entry.secrets, (clear) => this.box.seal(clear)),
        });
    await this.trail(caller, 'connector_type.check', type, config, { ok: result.ok, sample: result.sample });
    return result;
  }

  /**
   * These POSTs change nothing, but every POST leaves an entry; written here because the generic one would copy the
   * body, and secret fields of a type (http_json's header value) need not be named like a secret.
   */
  private async trail(
    caller: Principal,
    action: string,
    type: string,
    config: Record<string, unknown>,
    outcome: Record<string, unknown>,
  ): Promise<void> {
    await audit(this.db.manager, {
      actor: actorOf(caller),
      action,
      entity: 'connector_type',
      entityId: type,
      before: null,
      after: { config: maskSecrets(config, this.catalog.entry(type).secrets), ...outcome },
    });
  }
}
