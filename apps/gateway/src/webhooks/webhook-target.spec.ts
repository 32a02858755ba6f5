import { targetOrigin, targetProblem } from './webhook-target';

describe('webhook target', () => {
  it('accepts http and https targets, intranet addresses included', () => {
    for (const url of [
      'https://ys.example.gov.cn/hooks/minsheng',
      'http://10.12.0.8:8080/notify?token=abc',
      'https://[2001:db8::1]/x',
    ])
      expect(targetProblem(url, false)).toBeUndefined();
  });

  it('refuses obviously wrong ones', () => {
    expect(targetProblem('ftp://x.example/y', false)).toMatch(/http or https/);
    expect(targetProblem('not a url', false)).toMatch(/absolute/);
    expect(targetProblem('https://user:pw@x.example/', false)).toMatch(/credentials/);
    expect(targetProblem('https://x.example/#frag', false)).toMatch(/fragment/);
    expect(targetProblem('http://0.0.0.0:80/', false)).toMatch(/unspecified/);
    expect(targetProblem('http://bad_host!.example/', false)).toBeDefined();
  });

  it('refuses loopback unless allowed', () => {
    for (const url of ['http://127.0.0.1:9/x', 'http://localhost/x', 'http://[::1]/x']) {
      expect(targetProblem(url, false)).toMatch(/loopback/);
      expect(targetProblem(url, true)).toBeUndefined();
    }
  });

  it('logs only the origin', () => {
    expect(targetOrigin('https://x.example:8443/a/b?token=secret')).toBe('https://x.example:8443');
  });
});
