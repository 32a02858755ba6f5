import { z } from 'zod';
import { checkedCursor, readCursor } from './cursor';

const owner = {
  type: 'toy',
  cursorSchema: z.strictObject({ since: z.string().optional(), page: z.number().int().min(1).default(1) }),
};

describe('readCursor', () => {
  it('is null without a stored cursor, and the parsed cursor with one', () => {
    expect(readCursor(owner, null)).toBeNull();
    expect(readCursor(owner, undefined)).toBeNull();
    expect(readCursor(owner, { since: 'x' })).toEqual({ since: 'x', page: 1 });
  });

  it('fails, naming every bad field, rather than starting over', () => {
    const read = () => readCursor(owner, { page: 0, sinse: 'x' });
    expect(read).toThrow(/page: .*; \(cursor\): .*sinse.*DELETE it to start over/);
    expect(() => read()).toThrow(expect.objectContaining({ kind: 'malformed' }) as Error);
  });
});

describe('checkedCursor', () => {
  it('passes a cursor that reads back, and refuses one that would not', () => {
    expect(checkedCursor(owner, { page: 2 })).toEqual({ page: 2 });
    expect(() => checkedCursor(owner, { page: -1 })).toThrow(/toy produced a cursor/);
  });
});
