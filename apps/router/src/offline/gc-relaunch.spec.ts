import { wantsGcRelaunch, WORKER_GC_FLAG } from './gc-relaunch';

describe('wantsGcRelaunch', () => {
  it('relaunches only a process that will start workers and has not got the flag yet', () => {
    expect(wantsGcRelaunch(2, [], {})).toBe(true);
    expect(wantsGcRelaunch(1, [], {})).toBe(false);
    expect(wantsGcRelaunch(2, ['--enable-source-maps', WORKER_GC_FLAG], {})).toBe(false);
  });

  it('keeps V8 default GC when ROUTE_WORKER_GC=default', () => {
    expect(wantsGcRelaunch(4, [], { ROUTE_WORKER_GC: 'default' })).toBe(false);
  });
});
