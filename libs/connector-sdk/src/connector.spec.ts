import { z } from 'zod';
import { collect } from '../../../test/support/pulled-pages';
import { defineConnector, implementConnector, lazyConnector } from './connector';
import { type ConnectorContext, type Cursor, type CursorPage } from './connector-type';
import { ConnectorError } from './http/connector-error';

const definition = defineConnector({
  type: 'toy',
  channel: 'toy',
  parserVersion: 'toy/1',
  configSchema: z.object({ url: z.string(), pageSize: z.number().default(50) }),
  cursorSchema: z.strictObject({ page: z.number().int().min(1) }),
});
type ToyConfig = z.infer<typeof definition.configSchema>;

/** No fetcher is used: the toy pull reads its pages from a list. */
const ctx = { piiHashKey: 'k' } as unknown as ConnectorContext;
const record = (n: number, parseError?: string) => ({
  externalId: `r${n}`,
  raw: `{"n":${n}}`,
  contentType: 'application/json',
  ...(parseError ? { parseError } : {}),
});

function toy(opts: { fail?: Error; badCursor?: boolean } = {}) {
  const seen: { config: ToyConfig; cursor: Cursor | null }[] = [];
  let returned = 0;
  const connector = implementConnector(definition, {
    sampleConfig: (config) => ({ ...config, pageSize: 2 }),
    fieldOf: (e) => (e instanceof ConnectorError && e.kind === 'forbidden' ? 'url' : undefined),
    async *pull(config, cursor, _ctx): AsyncGenerator<CursorPage<{ page: number }>> {
      seen.push({ config, cursor });
      await Promise.resolve();
      try {
        if (opts.fail) throw opts.fail;
        const from = cursor?.page ?? 1;
        for (let page = from; page <= 3; page++) {
          const records = [record(page * 10), record(page * 10 + 1, page === 1 ? 'no title' : undefined)];
          yield { records, cursor: opts.badCursor ? { page: 0 } : { page: page + 1 } };
        }
      } finally {
        returned++;
      }
    },
  });
  return { connector, seen, returned: () => returned };
}

describe('implementConnector', () => {
  const config = definition.configSchema.parse({ url: 'http://127.0.0.1/x' });

  it('hands the pull its stored cursor parsed, and null on a first run', async () => {
    const t = toy();
    expect(await collect(t.connector.pull(config, null, ctx))).toHaveLength(3);
    const resumed = await collect(t.connector.pull(config, { page: 3 }, ctx));
    expect(resumed.map((p) => p.cursor)).toEqual([{ page: 4 }]);
    expect(t.seen.map((s) => s.cursor)).toEqual([null, { page: 3 }]);
  });

  it('fails the run, before the pull starts, on a stored cursor its schema rejects', async () => {
    const t = toy();
    const run = collect(t.connector.pull(config, { page: 'two', extra: 1 }, ctx));
    await expect(run).rejects.toMatchObject({
      kind: 'malformed',
      message: expect.stringMatching(
        /stored cursor does not fit the toy cursor schema.*page.*PUT a corrected/,
      ),
    });
    expect(t.seen).toHaveLength(0);
  });

  it('refuses to pass on a cursor the type itself produced but cannot read back', async () => {
    await expect(collect(toy({ badCursor: true }).connector.pull(config, null, ctx))).rejects.toMatchObject({
      kind: 'malformed',
      message: expect.stringContaining('produced a cursor its own cursor schema rejects'),
    });
  });

  it('checks by default with the first page of the sample config, then abandons the pull', async () => {
    const t = toy();
    expect(await t.connector.check(config, ctx)).toEqual({
      ok: false,
      sample: 2,
      errors: [{ field: 'records[1]', message: 'no title' }],
    });
    expect(t.seen).toEqual([{ config: { ...config, pageSize: 2 }, cursor: null }]);
    expect(t.returned()).toBe(1);
  });

  it('reports a failed first page against the field the type names', async () => {
    const denied = toy({ fail: new ConnectorError('forbidden', 'HTTP 401') });
    expect(await denied.connector.check(config, ctx)).toEqual({
      ok: false,
      sample: 0,
      errors: [{ field: 'url', message: 'HTTP 401' }],
    });
    const broken = toy({ fail: new ConnectorError('layout_changed', 'no list') });
    expect(await broken.connector.check(config, ctx)).toEqual({
      ok: false,
      sample: 0,
      errors: [{ field: undefined, message: 'no list' }],
    });
  });

  it('keeps a type-specific check when the type gives one', async () => {
    const own = implementConnector(definition, {
      check: () => Promise.resolve({ ok: true, sample: 7, errors: [] }),
      pull: () => {
        throw new Error('not called');
      },
    });
    expect(await own.check(config, ctx)).toEqual({ ok: true, sample: 7, errors: [] });
  });
});

describe('lazyConnector', () => {
  it('describes the type at once and loads the implementation once, parsing configs at its edge', async () => {
    let loads = 0;
    const t = toy();
    const entry = lazyConnector(definition, () => {
      loads++;
      return Promise.resolve(t.connector);
    });
    expect(entry.definition).toMatchObject({ type: 'toy', channel: 'toy', parserVersion: 'toy/1' });
    expect(loads).toBe(0);
    const [a, b] = await Promise.all([entry.load(), entry.load()]);
    expect(a).toBe(b);
    expect(loads).toBe(1);
    await collect(a.pull({ url: 'http://127.0.0.1/y' }, null, ctx));
    expect(t.seen[0].config).toEqual({ url: 'http://127.0.0.1/y', pageSize: 50 });
    expect(() => a.pull({ pageSize: 1 }, null, ctx)).toThrow(z.ZodError);
  });

  it('refuses an implementation built on another definition', async () => {
    const other = defineConnector({ ...definition });
    const entry = lazyConnector(other, () => Promise.resolve(toy().connector));
    await expect(entry.load()).rejects.toThrow(/built on another definition/);
  });
});
