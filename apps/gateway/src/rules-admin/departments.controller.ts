import { Body, Controller, Delete, Get, Param, Put, Query, Req } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { markAudited } from '../audit/audit.interceptor';
import { actorOf, type AuthedRequest } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { parseBody } from '../common/parse-body';
import {
  type Change,
  type DepartmentRow,
  ReferenceAdminService,
  type UnitRow,
} from './reference-admin.service';
import {
  departmentBodySchema,
  departmentCodeSchema,
  unitBodySchema,
  unitKeySchema,
  unitQuerySchema,
} from './reference.schemas';

@ApiTags('reference-data')
@Controller('api/v1/reference')
@Roles('admin')
export class DepartmentsController {
  constructor(private readonly reference: ReferenceAdminService) {}

  @Get('departments')
  @ApiOperation({ summary: 'The department catalogue (what rules name as lead and co)' })
  list(): Promise<DepartmentRow[]> {
    return this.reference.departments();
  }

  @Put('departments/:code')
  @ApiOperation({ summary: 'Add or change a department; levels say where it has units (city, county, town)' })
  @ApiParam({ name: 'code' })
  @ApiBody({ schema: z.toJSONSchema(departmentBodySchema, { io: 'input' }) as object })
  async put(
    @Param('code') param: string,
    @Body() body: unknown,
    @Req() req: AuthedRequest,
  ): Promise<Change<DepartmentRow>> {
    const code = parseBody(departmentCodeSchema, param);
    const spec = parseBody(departmentBodySchema, body);
    const change = await this.reference.putDepartment(code, spec, actorOf(req.principal!));
    markAudited(req);
    return change;
  }

  @Delete('departments/:code')
  @ApiOperation({ summary: 'Remove a department; 409 while unit names or the published rule set name it' })
  @ApiParam({ name: 'code' })
  async remove(@Param('code') code: string, @Req() req: AuthedRequest): Promise<Change<DepartmentRow>> {
    const change = await this.reference.deleteDepartment(code, actorOf(req.principal!));
    markAudited(req);
    return change;
  }

  @Get('units')
  @ApiOperation({
    summary: 'Concrete unit names per department and division, where not "<place><department>"',
  })
  @ApiQuery({ name: 'department', required: false })
  units(@Query() query: unknown): Promise<UnitRow[]> {
    return this.reference.units(parseBody(unitQuerySchema, query));
  }

  @Put('units/:department/:division')
  @ApiOperation({ summary: 'Name the unit of a department in a division (3412 = the city); both must exist' })
  @ApiParam({ name: 'department' })
  @ApiParam({ name: 'division' })
  @ApiBody({ schema: z.toJSONSchema(unitBodySchema, { io: 'input' }) as object })
  async putUnit(
    @Param() params: unknown,
    @Body() body: unknown,
    @Req() req: AuthedRequest,
  ): Promise<Change<UnitRow>> {
    const key = parseBody(unitKeySchema, params);
    const { unitName } = parseBody(unitBodySchema, body);
    const change = await this.reference.putUnit(
      key.department,
      key.division,
      unitName,
      actorOf(req.principal!),
    );
    markAudited(req);
    return change;
  }

  @Delete('units/:department/:division')
  @ApiOperation({ summary: 'Remove a unit name (the unit is named "<place><department>" again)' })
  @ApiParam({ name: 'department' })
  @ApiParam({ name: 'division' })
  async removeUnit(
    @Param('department') department: string,
    @Param('division') division: string,
    @Req() req: AuthedRequest,
  ): Promise<Change<UnitRow>> {
    const change = await this.reference.deleteUnit(department, division, actorOf(req.principal!));
    markAudited(req);
    return change;
  }
}
