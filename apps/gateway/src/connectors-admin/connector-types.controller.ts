import { Body, Controller, Get, HttpCode, HttpStatus, Inject, Param, Post, Req } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { audit } from '@minsheng/shared/audit';
import { DATA_SOURCE } from '@minsheng/shared/runtime';
import { type CheckResult, maskSecrets, secretValues } from '@minsheng/connector-sdk';
import { markAudited } from '../audit/audit.interceptor';
import { actorOf, type AuthedRequest } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { type FieldError } from '../common/api-error';
import { parseBody } from '../common/parse-body';
import { checkTypeSchema, validateSchema } from './admin-schemas';
import { ConnectorCatalog, type TypeView } from './connector-catalog';
import { LiveCheck } from './live-check';

/** Channel types, their config schemas, and trying a config out before saving it (Airbyte's spec and check). */
@ApiTags('connectors')
@Roles('operator', 'admin')
@Controller('api/v1/connector-types')
export class ConnectorTypesController {
  constructor(
    private readonly catalog: ConnectorCatalog,
    private readonly live: LiveCheck,
    @Inject(DATA_SOURCE) private readonly db: DataSource,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Connector types with their config and cursor JSON Schemas; secret fields are marked writeOnly',
  })
  list(): TypeView[] {
    return this.catalog.describe();
  }

  @Post(':type/validate')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'Validate a config (and schedule) without saving: 200 with valid and per-field errors, never a 400',
  })
  @ApiParam({ name: 'type' })
  @ApiBody({ schema: z.toJSONSchema(validateSchema, { io: 'input' }) as object })
  async validate(
    @Param('type') type: string,
    @Body() body: unknown,
    @Req() req: AuthedRequest,
  ): Promise<{ valid: boolean; errors: FieldError[] }> {
    const spec = parseBody(validateSchema, body);
    const errors = this.catalog.validate(type, spec.config, spec.schedule);
    await this.trail(req, 'connector_type.validate', type, spec.config, { valid: errors.length === 0 });
    return { valid: errors.length === 0, errors };
  }

  @Post(':type/check')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Fetch and parse a sample from the live source with this config; nothing is stored or published',
  })
  @ApiParam({ name: 'type' })
  @ApiBody({ schema: z.toJSONSchema(checkTypeSchema, { io: 'input' }) as object })
  async check(
    @Param('type') type: string,
    @Body() body: unknown,
    @Req() req: AuthedRequest,
  ): Promise<CheckResult> {
    const { config } = parseBody(checkTypeSchema, body);
    const entry = this.catalog.entry(type);
    // The config is given in clear here; its secrets are scrubbed from the messages all the same.
    const result = await this.live.run(entry, config, secretValues(config, entry.secrets));
    await this.trail(req, 'connector_type.check', type, config, { ok: result.ok, sample: result.sample });
    return result;
  }

  /**
   * These POSTs change nothing, but every POST leaves an entry; written here because the generic one would copy the
   * body, and secret fields of a type (http_json's header value) need not be named like a secret.
   */
  private async trail(
    req: AuthedRequest,
    action: string,
    type: string,
    config: Record<string, unknown>,
    outcome: Record<string, unknown>,
  ): Promise<void> {
    await audit(this.db.manager, {
      actor: actorOf(req.principal!),
      action,
      entity: 'connector_type',
      entityId: type,
      before: null,
      after: { config: maskSecrets(config, this.catalog.entry(type).secrets), ...outcome },
    });
    markAudited(req);
  }
}
