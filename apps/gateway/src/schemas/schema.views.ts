import { z } from 'zod';
import { view } from '../common/api-views';

export const schemaListView = view(
  'ContractSchemaList',
  z.object({ schemas: z.array(z.string()).describe('names for GET /schemas/{name}') }),
);

export const jsonSchemaView = view(
  'JsonSchema',
  z.record(z.string(), z.unknown()).describe('a JSON Schema (draft 2020-12) of a contract'),
);
