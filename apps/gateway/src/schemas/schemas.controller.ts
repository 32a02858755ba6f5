import { ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/roles.decorator';
import { Controller, Get, Param } from '@nestjs/common';
import { contractJsonSchemas } from '@minsheng/shared/contracts';
import { NotFound } from '../common/domain-error';
import { type z } from 'zod';
import { ApiView } from '../common/api-views';
import { jsonSchemaView, schemaListView } from './schema.views';

/** The contracts' JSON Schemas, generated from the same definitions the apps validate with. */
@Public()
@ApiTags('schemas')
@Controller('schemas')
export class SchemasController {
  /** Each is z.toJSONSchema of a contract: a JSON object. */
  private readonly schemas = contractJsonSchemas() as Record<string, z.infer<typeof jsonSchemaView>>;

  @Get()
  @ApiView(schemaListView)
  list(): z.infer<typeof schemaListView> {
    return { schemas: Object.keys(this.schemas) };
  }

  @Get(':name')
  @ApiView(jsonSchemaView)
  get(@Param('name') name: string): z.infer<typeof jsonSchemaView> {
    const schema = this.schemas[name];
    if (!schema) throw new NotFound(`no schema ${name}; see GET /schemas`);
    return schema;
  }
}
