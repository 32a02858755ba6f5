import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isQuarantineId, quarantineId } from './quarantine';

describe('quarantineId', () => {
  it('names unparseable raw text by its hash: the same bytes keep one id', () => {
    const id = quarantineId('{"recordNo":null}');
    expect(id).toMatch(/^unparsed:[0-9a-f]{24}$/);
    expect(quarantineId('{"recordNo":null}')).toBe(id);
    expect(quarantineId('{"recordNo": null}')).not.toBe(id);
    expect(isQuarantineId(id)).toBe(true);
    expect(isQuarantineId('unparsed:12:{"recordNo"')).toBe(false);
  });

  it('is the only quarantine id scheme of the connector types', () => {
    const root = join(__dirname, '../../connector-types/src');
    const ad_hoc = (readdirSync(root, { recursive: true }) as string[])
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'))
      .filter((f) => readFileSync(join(root, f), 'utf8').includes('unparsed:'));
    expect(ad_hoc).toEqual([]);
  });
});
