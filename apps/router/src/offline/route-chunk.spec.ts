import { seedRoutingContext } from '@minsheng/routing';
import { routeChunk } from './route-chunk';
import { routeLine } from './route-line';

describe('routeChunk', () => {
  const ctx = seedRoutingContext();
  const now = new Date('2026-11-20T02:00:00Z');

  it('routes each non-blank line as routeLine does, numbered on from the lines before the chunk', () => {
    const lines = [
      '{"id":"a1","content":"阜阳市颍州区西湖镇路灯不亮"}',
      '   ',
      '{"content":"颍泉区小区噪音扰民，物业不管"}\r',
      'not json',
      '',
      '{"id":"a4","title":"供暖","content":"临泉县土陂乡供暖不热"}',
    ];
    const out = Buffer.from(routeChunk(Buffer.from(lines.join('\n'), 'utf8'), 40, ctx, now)).toString('utf8');
    const expected = [lines[0], lines[2].slice(0, -1), lines[3], lines[5]]
      .map((line, i) => routeLine(line, 41 + i, ctx, now))
      .join('');
    expect(out).toBe(expected);
    expect(out).toContain('"id":"line-43"');
    expect(out.split('\n')).toHaveLength(5);
  });
});
