import { Controller, Delete, Get, Param, Put } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Audited } from '../audit/audited.decorator';
import { Caller } from '../auth/caller.decorator';
import { actorOf, type Principal } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { ZodBody, ZodParam, ZodParams, ZodQuery } from '../common/zod-params';
import { ReferenceAdminService } from './reference-admin.service';
import {
  departmentBodySchema,
  departmentCodeSchema,
  unitBodySchema,
  unitKeySchema,
  unitQuerySchema,
} from './reference.schemas';
import { ApiView } from '../common/api-views';
import { departmentChangeView, departmentView, unitChangeView, unitView } from './reference.views';

@ApiTags('reference-data')
@Controller('api/v1/reference')
@Roles('admin')
export class DepartmentsController {
  constructor(private readonly reference: ReferenceAdminService) {}

  @Get('departments')
  @ApiOperation({ summary: 'The department catalogue (what rules name as lead and co)' })
  @ApiView(z.array(departmentView))
  list(): Promise<z.infer<typeof departmentView>[]> {
    return this.reference.departments();
  }

  @Put('departments/:code')
  @ApiOperation({ summary: 'Add or change a department; levels say where it has units (city, county, town)' })
  @Audited('by-service')
  @ApiView(departmentChangeView)
  put(
    @ZodParam('code', departmentCodeSchema) code: string,
    @ZodBody(departmentBodySchema) spec: z.infer<typeof departmentBodySchema>,
    @Caller() caller: Principal,
  ): Promise<z.infer<typeof departmentChangeView>> {
    return this.reference.putDepartment(code, spec, actorOf(caller));
  }

  @Delete('departments/:code')
  @ApiOperation({ summary: 'Remove a department; 409 while unit names or the published rule set name it' })
  @ApiParam({ name: 'code' })
  @Audited('by-service')
  @ApiView(departmentChangeView)
  remove(
    @Param('code') code: string,
    @Caller() caller: Principal,
  ): Promise<z.infer<typeof departmentChangeView>> {
    return this.reference.deleteDepartment(code, actorOf(caller));
  }

  @Get('units')
  @ApiOperation({
    summary: 'Concrete unit names per department and division, where not "<place><department>"',
  })
  @ApiView(z.array(unitView))
  units(
    @ZodQuery(unitQuerySchema) query: z.infer<typeof unitQuerySchema>,
  ): Promise<z.infer<typeof unitView>[]> {
    return this.reference.units(query);
  }

  @Put('units/:department/:division')
  @ApiOperation({ summary: 'Name the unit of a department in a division (3412 = the city); both must exist' })
  @Audited('by-service')
  @ApiView(unitChangeView)
  putUnit(
    @ZodParams(unitKeySchema) key: z.infer<typeof unitKeySchema>,
    @ZodBody(unitBodySchema) { unitName }: z.infer<typeof unitBodySchema>,
    @Caller() caller: Principal,
  ): Promise<z.infer<typeof unitChangeView>> {
    return this.reference.putUnit(key.department, key.division, unitName, actorOf(caller));
  }

  @Delete('units/:department/:division')
  @ApiOperation({ summary: 'Remove a unit name (the unit is named "<place><department>" again)' })
  @ApiParam({ name: 'department' })
  @ApiParam({ name: 'division' })
  @Audited('by-service')
  @ApiView(unitChangeView)
  removeUnit(
    @Param('department') department: string,
    @Param('division') division: string,
    @Caller() caller: Principal,
  ): Promise<z.infer<typeof unitChangeView>> {
    return this.reference.deleteUnit(department, division, actorOf(caller));
  }
}
