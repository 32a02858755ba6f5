import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { contractJsonSchemas } from '../libs/shared/src/contracts';

/** `npm run schemas`: writes the contracts' JSON Schemas to docs/schemas/ (a test fails when they drift). */
const dir = join(__dirname, '..', '..', 'docs', 'schemas');
mkdirSync(dir, { recursive: true });
for (const [file, schema] of Object.entries(contractJsonSchemas())) {
  writeFileSync(join(dir, file), `${JSON.stringify(schema, null, 2)}\n`);
  console.log(`docs/schemas/${file}`);
}
