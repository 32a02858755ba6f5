import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { countLines, isBlankLine, type LineChunk, lineChunks } from './line-chunks';

const dir = mkdtempSync(join(tmpdir(), 'line-chunks-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function chunksOf(text: string, chunkBytes: number): Promise<LineChunk[]> {
  const path = join(dir, 'file.jsonl');
  writeFileSync(path, text);
  const out: LineChunk[] = [];
  // Copied: a consumer may detach a chunk's buffer, as a worker's transfer does.
  for await (const c of lineChunks(path, chunkBytes)) out.push({ ...c, bytes: c.bytes.slice() });
  return out;
}

const nonBlank = (text: string) => text.split('\n').filter((l) => l.trim() !== '').length;

describe('lineChunks', () => {
  it('cuts only after a newline, keeps every byte in order and numbers the non-blank lines across chunks', async () => {
    const text =
      '{"id":"a"}\n\n   \r\n{"content":"阜阳市颍州区"}\r\n\u3000\n{"id":"b","content":"' +
      'x'.repeat(40) +
      '"}';
    const chunks = await chunksOf(text, 8);
    expect(Buffer.concat(chunks.map((c) => c.bytes)).toString('utf8')).toBe(text);
    for (const c of chunks.slice(0, -1)) expect(c.bytes[c.bytes.length - 1]).toBe(0x0a);
    expect(chunks.map((c) => c.first)).toEqual(
      chunks.map((_, i) => chunks.slice(0, i).reduce((n, c) => n + c.lines, 0)),
    );
    expect(chunks.reduce((n, c) => n + c.lines, 0)).toBe(3);
  });

  it('gives an empty file no chunk and a file without a final newline its last line', async () => {
    expect(await chunksOf('', 1024)).toEqual([]);
    const [only] = await chunksOf('{"id":"z"}', 1024);
    expect(only.lines).toBe(1);
  });

  it('agrees with splitting the decoded text, whatever the chunk size', async () => {
    const line = fc.oneof(
      fc.constantFrom('', ' ', '\t', '\r', '\u3000', '\u00a0 ', '\ufeff'),
      fc.string({ unit: 'grapheme', maxLength: 30 }).map((s) => s.replace(/[\r\n]/g, '')),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(line, { maxLength: 30 }),
        fc.integer({ min: 1, max: 64 }),
        async (lines, size) => {
          const text = lines.join('\n');
          const chunks = await chunksOf(text, size);
          expect(Buffer.concat(chunks.map((c) => c.bytes)).toString('utf8')).toBe(text);
          expect(chunks.reduce((n, c) => n + c.lines, 0)).toBe(nonBlank(text));
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('isBlankLine / countLines', () => {
  it('treats what String.prototype.trim removes as blank, and anything else as a line', () => {
    const blank = (s: string) => {
      const b = Buffer.from(s, 'utf8');
      return isBlankLine(b, 0, b.length);
    };
    expect([' \t\r', '', '\u3000', '\u00a0', '\ufeff'].map(blank)).toEqual([true, true, true, true, true]);
    expect(['x', ' {', '阜', '\u3000a'].map(blank)).toEqual([false, false, false, false]);
    expect(countLines(Buffer.from('{}\n \n\u3000\n阜阳\nlast', 'utf8'))).toBe(3);
  });
});
