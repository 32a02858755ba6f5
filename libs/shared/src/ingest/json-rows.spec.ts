import { jsonRows } from './json-rows';

describe('jsonRows', () => {
  it('is the JSON.stringify of the array, as UTF-8 bytes', () => {
    const rows = [{ a: '路灯不亮 "quoted" \\ \n' }, { b: [1, null], c: '😀' }, 'x'];
    expect(jsonRows(rows).toString('utf8')).toBe(JSON.stringify(rows));
  });

  it('handles no rows and one row', () => {
    expect(jsonRows([]).toString('utf8')).toBe('[]');
    expect(jsonRows([{ a: 1 }]).toString('utf8')).toBe('[{"a":1}]');
  });
});
