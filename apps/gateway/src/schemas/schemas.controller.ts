import { ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/roles.decorator';
import { Controller, Get, HttpStatus, Param } from '@nestjs/common';
import { contractJsonSchemas } from '@minsheng/shared/contracts';
import { ApiError } from '../common/api-error';

/** The contracts' JSON Schemas, generated from the same definitions the apps validate with. */
@Public()
@ApiTags('schemas')
@Controller('schemas')
export class SchemasController {
  private readonly schemas = contractJsonSchemas();

  @Get()
  list(): { schemas: string[] } {
    return { schemas: Object.keys(this.schemas) };
  }

  @Get(':name')
  get(@Param('name') name: string): unknown {
    const schema = this.schemas[name];
    if (!schema) throw new ApiError('not_found', `no schema ${name}; see GET /schemas`, HttpStatus.NOT_FOUND);
    return schema;
  }
}
