import { Controller, Get, Inject, Param, Query, UseFilters } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@minsheng/shared/runtime';
import { type z } from 'zod';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { Caller } from '../auth/caller.decorator';
import { type Principal } from '../auth/principal';
import { Public, Roles } from '../auth/roles.decorator';
import { checkJurisdiction, JURISDICTION_IDS } from './jurisdiction';
import { Open311ErrorFilter } from './open311-error';
import {
  asOpenApi,
  discoverySchema,
  open311ErrorSchema,
  serviceListSchema,
  serviceRequestListSchema,
} from './open311.schemas';
import { Open311Service, type ServiceView } from './open311.service';
import { MAX_RESULTS, parseRequestsQuery, WINDOW_DAYS } from './requests-query';
import { type ServiceRequestView } from './service-request.view';

const SPEC = 'http://wiki.open311.org/GeoReport_v2';
/** When this endpoint last changed in a way a client should notice (GeoReport service discovery). */
const CHANGESET = '2026-11-27T00:00:00+08:00';

const jurisdictionQuery = ApiQuery({
  name: 'jurisdiction_id',
  required: false,
  description: `optional (one jurisdiction is served): ${JURISDICTION_IDS.join(' or ')}; any other → 404`,
});
const errorBody = { schema: asOpenApi(open311ErrorSchema) };

/** GeoReport v2, read side, JSON only. Errors are [{code, description}] except the guard's 401/403/429. */
@ApiTags('open311')
@Controller('open311')
@UseFilters(Open311ErrorFilter)
export class Open311Controller {
  constructor(
    private readonly open311: Open311Service,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private publicBaseUrl(): string {
    return this.config.PUBLIC_BASE_URL ?? `http://${this.config.GATEWAY_HOST}:${this.config.GATEWAY_PORT}`;
  }

  @Get('discovery.json')
  @Public()
  @ApiOperation({
    summary: 'Open311 service discovery: where the GeoReport v2 endpoint is and what it speaks',
  })
  @ApiOkResponse({ schema: asOpenApi(discoverySchema) })
  discovery(): z.infer<typeof discoverySchema> {
    return {
      changeset: CHANGESET,
      contact: '民生诉求枢纽 (Minsheng Hub), 阜阳市',
      key_service: 'GET requests needs a consumer API key (Authorization: Bearer msk_…) from the hub admins',
      endpoints: [
        {
          specification: SPEC,
          // Configured, never the request's Host header: a forged Host must not make the hub advertise another site.
          url: `${this.publicBaseUrl()}/open311/v2`,
          changeset: CHANGESET,
          type: 'production',
          formats: ['application/json'],
        },
      ],
    };
  }

  @Get('v2/services.json')
  @Public()
  @ApiOperation({ summary: 'GeoReport v2 service list: the department catalogue' })
  @jurisdictionQuery
  @ApiOkResponse({ schema: asOpenApi(serviceListSchema) })
  @ApiNotFoundResponse({ description: 'unknown jurisdiction_id', ...errorBody })
  services(@Query('jurisdiction_id') jurisdiction: unknown): Promise<ServiceView[]> {
    checkJurisdiction(jurisdiction);
    return this.open311.services();
  }

  @Get('v2/requests.json')
  @Roles('consumer', 'admin')
  @ApiOperation({
    summary: `GeoReport v2 service requests in the key's scope, newest first, at most ${MAX_RESULTS}`,
    description:
      `Without dates: requested in the last ${WINDOW_DAYS} days; start_date and end_date may be at most ` +
      `${WINDOW_DAYS} days apart. service_request_id overrides every other argument (never the key's scope).`,
  })
  @jurisdictionQuery
  @ApiQuery({ name: 'service_request_id', required: false, description: 'comma-separated request ids' })
  @ApiQuery({ name: 'service_code', required: false, description: 'comma-separated department codes' })
  @ApiQuery({ name: 'start_date', required: false, description: 'W3C date-time with offset' })
  @ApiQuery({ name: 'end_date', required: false, description: 'W3C date-time with offset' })
  @ApiQuery({ name: 'status', required: false, description: 'open, closed or open,closed' })
  @ApiQuery({
    name: 'public',
    required: false,
    description:
      'extension: true keeps only appeals whose reporter agreed to publication; their closed status_notes carry ' +
      'the masked reply (回音壁)',
  })
  @ApiOkResponse({ schema: asOpenApi(serviceRequestListSchema) })
  @ApiBadRequestResponse({ description: 'invalid argument, or dates more than 90 days apart', ...errorBody })
  @ApiNotFoundResponse({ description: 'unknown jurisdiction_id', ...errorBody })
  requests(
    @Query() query: Record<string, unknown>,
    @Caller() caller: Principal,
  ): Promise<ServiceRequestView[]> {
    checkJurisdiction(query.jurisdiction_id);
    return this.open311.requests(parseRequestsQuery(query), caller);
  }

  @Get('v2/requests/:id.json')
  @Roles('consumer', 'admin')
  @ApiOperation({ summary: 'GeoReport v2 one service request (an array of one); out of scope answers 404' })
  @ApiParam({ name: 'id', description: 'the request id (ap_…)' })
  @jurisdictionQuery
  @ApiOkResponse({ schema: asOpenApi(serviceRequestListSchema) })
  @ApiNotFoundResponse({
    description: 'no such request in the key’s scope, or unknown jurisdiction_id',
    ...errorBody,
  })
  async request(
    @Param('id') id: string,
    @Query('jurisdiction_id') jurisdiction: unknown,
    @Caller() caller: Principal,
  ): Promise<ServiceRequestView[]> {
    checkJurisdiction(jurisdiction);
    return [await this.open311.request(id, caller)];
  }
}
