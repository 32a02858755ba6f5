import { HttpStatus } from '@nestjs/common';
import { ApiError } from '../common/api-error';
import { ConnectorCatalog } from './connector-catalog';

const SCRAPERS = ['axios', 'cheerio', 'iconv-lite'];

/** Requires modules afresh with every scraper library replaced by a stub that records being loaded. */
async function scrapersLoadedBy(use: () => Promise<unknown>): Promise<string[]> {
  const loaded: string[] = [];
  await jest.isolateModulesAsync(async () => {
    for (const name of SCRAPERS)
      jest.doMock(name, () => {
        loaded.push(name);
        return {};
      });
    await use();
  });
  return loaded.sort();
}

describe('connector catalog', () => {
  it('describes and validates every type without loading a scraper', async () => {
    const loaded = await scrapersLoadedBy(async () => {
      const { ConnectorCatalog: Fresh } = await import('./connector-catalog');
      const catalog = new Fresh();
      expect(catalog.describe().map((t) => t.type)).toHaveLength(6);
      expect(catalog.validate('hotline_12345', {})).not.toEqual([]);
      catalog.parseCursor('mayor_mailbox', { letters: [] });
    });
    expect(loaded).toEqual([]);
  });

  it('(the stubs do see an implementation being loaded)', async () => {
    const loaded = await scrapersLoadedBy(async () => {
      const { ConnectorRegistry } = await import('@minsheng/connector-types');
      await ConnectorRegistry.load();
    });
    expect(loaded).toEqual(SCRAPERS);
  });

  it('publishes each type’s cursor JSON Schema beside its config schema', () => {
    const hotline = new ConnectorCatalog().describe().find((t) => t.type === 'hotline_12345');
    expect(hotline?.cursorSchema).toMatchObject({
      type: 'object',
      properties: { since: { type: 'string' }, page: { type: 'integer' }, highWater: { type: 'string' } },
      additionalProperties: false,
    });
  });

  it('parses a cursor as the next pull will, and answers 400 with each bad field', () => {
    const catalog = new ConnectorCatalog();
    expect(catalog.parseCursor('hotline_12345', { since: '2026-01-01 00:00:00' })).toEqual({
      since: '2026-01-01 00:00:00',
      page: 1,
    });
    let error: unknown;
    try {
      catalog.parseCursor('hotline_12345', { since: 'yesterday', page: 0, sinse: 'x' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).getStatus()).toBe(HttpStatus.BAD_REQUEST);
    expect((error as ApiError).getResponse()).toMatchObject({
      code: 'invalid_cursor',
      errors: [
        { field: 'cursor.since', message: expect.any(String) },
        { field: 'cursor.page', message: expect.any(String) },
        { field: 'cursor', message: expect.stringContaining('sinse') },
      ],
    });
  });
});
