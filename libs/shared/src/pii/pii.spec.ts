import { hashPhone, maskName, maskPhone, normalizePhone } from './phone';
import { maskDeep, maskText } from './mask-text';

describe('phone handling', () => {
  it('normalizes +86 and separators to one form, so hashes link the same number', () => {
    expect(normalizePhone('+86 139-1234-5678')).toBe('13912345678');
    expect(hashPhone('+86 139-1234-5678', 'k')).toBe(hashPhone('13912345678', 'k'));
    expect(hashPhone('13912345678', 'k')).not.toBe(hashPhone('13912345678', 'other-key'));
    expect(hashPhone('not a phone', 'k')).toBeNull();
  });

  it('masks the middle digits of a mobile number and the given name', () => {
    expect(maskPhone('13912345678')).toBe('139****5678');
    expect(maskPhone('05582212345')).toBe('055****2345');
    expect(maskPhone('2212345')).toBe('***2345');
    expect(maskName('张三丰')).toBe('张**');
    expect(maskName('李**')).toBe('李**');
  });
});

describe('maskText', () => {
  it('hides phone and ID numbers inside free text', () => {
    const text = '市民王先生（电话13912345678，身份证341202199001011234）反映，座机0558-2212345';
    const masked = maskText(text);
    expect(masked).not.toContain('13912345678');
    expect(masked).not.toContain('199001011234');
    expect(masked).not.toContain('2212345');
    expect(masked).toContain('139****5678');
    expect(masked).toContain('341202********1234');
  });

  it('leaves 18-digit record numbers that are not ID numbers alone only when they do not look like one', () => {
    expect(maskText('工单号 AB12')).toBe('工单号 AB12');
  });

  it('masks nested objects and errors', () => {
    const out = maskDeep({ a: ['tel 13800001111'], e: new Error('bad 13800001111') }) as {
      a: string[];
      e: { message: string };
    };
    expect(out.a[0]).toBe('tel 138****1111');
    expect(out.e.message).toBe('bad 138****1111');
  });
});
