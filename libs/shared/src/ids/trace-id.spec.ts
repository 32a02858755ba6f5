import { newTraceId } from './appeal-id';

describe('newTraceId', () => {
  it('gives 16 hex characters, distinct across more ids than one pooled draw holds', () => {
    const ids = Array.from({ length: 2000 }, () => newTraceId());
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{16}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
