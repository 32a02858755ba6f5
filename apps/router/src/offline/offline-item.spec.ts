import { createHash } from 'node:crypto';
import { offlineItem } from './offline-item';

const now = new Date('2026-11-20T02:00:00Z');

describe('offlineItem', () => {
  it('derives the trace id and the source of a bare line from a digest of id and content', () => {
    const sha = createHash('sha256').update('a1\u0000路灯不亮').digest('hex');
    const item = offlineItem({ id: 'a1', content: '路灯不亮' }, now);
    expect(item.traceId).toBe(sha.slice(0, 16));
    expect(item.source).toMatchObject({ rawRef: `offline:${sha}`, rawSha256: sha, externalId: 'a1' });
  });

  it('keeps the trace id and source a full item carries', () => {
    const source = {
      system: 'bench',
      externalId: '7',
      fetchedAt: '2026-11-20T01:00:00Z',
      rawRef: 'raw:7',
      rawSha256: '0'.repeat(64),
      parserVersion: 'bench/1',
      connectorId: 'bench',
    };
    const item = offlineItem({ id: 7 as unknown as string, content: '噪音', traceId: 't-7', source }, now);
    expect(item).toMatchObject({ id: '7', traceId: 't-7', source });
  });

  it('refuses a line without an id or without content', () => {
    expect(() => offlineItem({ content: 'x' }, now)).toThrow('each line needs an id');
    expect(() => offlineItem({ id: 'b', content: ' ' }, now)).toThrow('item b has no content');
  });
});
