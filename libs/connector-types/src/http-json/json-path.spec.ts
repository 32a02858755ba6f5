import { getPath, hasPath, parsePath, textAt } from './json-path';
import { parseTime, toShanghaiIso } from './time-format';

describe('dot paths', () => {
  const doc = { data: { list: [{ a: { b: 1 } }, { a: null }] }, 中文: ' 值 ', n: 0, blank: '  ' };

  it('parses keys and indexes', () => {
    expect(parsePath('data.list[1].a')).toEqual(['data', 'list', 1, 'a']);
    expect(parsePath('m[0][2]')).toEqual(['m', 0, 2]);
    expect(() => parsePath('a..b')).toThrow();
    expect(() => parsePath('[0].a')).toThrow();
  });

  it('reads values; missing steps are undefined, null is a value', () => {
    expect(getPath(doc, 'data.list[0].a.b')).toBe(1);
    expect(getPath(doc, 'data.list[1].a')).toBeNull();
    expect(getPath(doc, 'data.list[2].a')).toBeUndefined();
    expect(getPath(doc, 'data.list.a')).toBeUndefined();
    expect(getPath(doc, 'toString')).toBeUndefined();
    expect(textAt(doc, '中文')).toBe('值');
    expect(textAt(doc, 'n')).toBe('0');
    expect(textAt(doc, 'blank')).toBeUndefined();
    expect(textAt(doc, 'data')).toBeUndefined();
    expect(hasPath(doc, 'data.list[1].a.b')).toBe(true);
    expect(hasPath(doc, 'data.list[0].a.c')).toBe(false);
  });
});

describe('time formats', () => {
  const at = Date.UTC(2026, 10, 15, 1, 3, 55);
  it('reads each format as the same instant', () => {
    expect(parseTime('2026-11-15T09:03:55+08:00', 'iso')).toBe(at);
    expect(parseTime('2026-11-15T01:03:55Z', 'iso')).toBe(at);
    expect(parseTime('2026-11-15 09:03:55', 'shanghai')).toBe(at);
    expect(parseTime('2026/11/15 09:03:55', 'shanghai')).toBe(at);
    expect(parseTime(at, 'epoch_ms')).toBe(at);
    expect(parseTime(String(at / 1000), 'epoch_s')).toBe(at);
    expect(toShanghaiIso(at)).toBe('2026-11-15T09:03:55+08:00');
    expect(toShanghaiIso(at + 120)).toBe('2026-11-15T09:03:55.120+08:00');
  });

  it('rejects ambiguous, impossible and mis-scaled times', () => {
    expect(parseTime('2026-11-15T09:03:55', 'iso')).toBeNull();
    expect(parseTime('2026-02-30 10:00:00', 'shanghai')).toBeNull();
    expect(parseTime(at / 1000, 'epoch_ms')).toBeNull();
    expect(parseTime(at, 'epoch_s')).toBeNull();
    expect(parseTime({}, 'iso')).toBeNull();
  });
});
