import {
  formatClockTime,
  inClockWindow,
  isoWeekday,
  minuteOfDay,
  parseClockTime,
  shanghaiWallMinutes,
} from './shanghai-clock';

describe('Shanghai clock', () => {
  it('reads an instant in Asia/Shanghai (+08:00) whatever the offset it was written with', () => {
    const utc = shanghaiWallMinutes('2026-11-20T15:30:00Z');
    expect(formatClockTime(minuteOfDay(utc))).toBe('23:30');
    expect(isoWeekday(utc)).toBe(5); // Friday
    expect(shanghaiWallMinutes('2026-11-20T23:30:00+08:00')).toBe(utc);
    const nextDay = shanghaiWallMinutes('2026-11-20T16:30:00.000Z');
    expect(formatClockTime(minuteOfDay(nextDay))).toBe('00:30');
    expect(isoWeekday(nextDay)).toBe(6); // Saturday in Shanghai, still Friday in UTC
    expect(isoWeekday(shanghaiWallMinutes('2026-11-22T12:00:00+08:00'))).toBe(7); // Sunday
    expect(isoWeekday(shanghaiWallMinutes('1969-12-29T00:00:00+08:00'))).toBe(1); // before the epoch
  });

  it('gives NaN for an unparsable time', () => {
    expect(shanghaiWallMinutes('yesterday')).toBeNaN();
  });

  it('parses and formats HH:mm', () => {
    expect(parseClockTime('07:05')).toBe(425);
    expect(formatClockTime(425)).toBe('07:05');
    expect(() => parseClockTime('7:05')).toThrow(RangeError);
  });

  it('holds [from, to) and wraps midnight when from > to', () => {
    const [h22, h6, h9, h17] = ['22:00', '06:00', '09:00', '17:00'].map(parseClockTime);
    expect(inClockWindow(parseClockTime('23:30'), h22, h6)).toBe(true);
    expect(inClockWindow(parseClockTime('05:59'), h22, h6)).toBe(true);
    expect(inClockWindow(h6, h22, h6)).toBe(false);
    expect(inClockWindow(parseClockTime('12:00'), h22, h6)).toBe(false);
    expect(inClockWindow(h9, h9, h17)).toBe(true);
    expect(inClockWindow(h17, h9, h17)).toBe(false);
  });
});
