import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { contractJsonSchemas } from './json-schemas';
import { appealItemV1Schema } from './appeal-item.v1';

describe('published JSON Schemas', () => {
  it('match the contracts in code (run `npm run schemas` after changing a contract)', () => {
    for (const [file, schema] of Object.entries(contractJsonSchemas())) {
      const committed: unknown = JSON.parse(
        readFileSync(join(__dirname, '../../../../docs/schemas', file), 'utf8'),
      );
      expect(committed).toEqual(JSON.parse(JSON.stringify(schema)));
    }
  });

  it('carry the schema version and refuse an item without an offset on its times', () => {
    const schema = contractJsonSchemas()['appeal-item.v1.json'] as {
      $defs: { AppealItemV1: { required: string[] } };
    };
    expect(schema.$defs.AppealItemV1.required).toEqual(
      expect.arrayContaining(['schemaVersion', 'id', 'revision', 'content']),
    );
    const result = appealItemV1Schema.safeParse({ schemaVersion: 1, submittedAt: '2026-11-20 09:00:00' });
    expect(result.success).toBe(false);
  });
});
