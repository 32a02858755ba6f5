import { targetOrigin, targetProblem } from './webhook-target';

describe('webhook target', () => {
  it('leaves where a well-formed target leads to the egress policy', () => {
    for (const url of [
      'https://ys.example.gov.cn/hooks/minsheng',
      'http://10.12.0.8:8080/notify?token=abc',
      'https://[2001:db8::1]/x',
    ])
      expect(targetProblem(url)).toBeUndefined();
  });

  it('refuses obviously wrong ones', () => {
    expect(targetProblem('ftp://x.example/y')).toMatch(/http or https/);
    expect(targetProblem('not a url')).toMatch(/absolute/);
    expect(targetProblem('https://user:pw@x.example/')).toMatch(/credentials/);
    expect(targetProblem('https://x.example/#frag')).toMatch(/fragment/);
    expect(targetProblem('http://0.0.0.0:80/')).toMatch(/unspecified/);
    expect(targetProblem('http://bad_host!.example/')).toBeDefined();
  });

  it('logs only the origin', () => {
    expect(targetOrigin('https://x.example:8443/a/b?token=secret')).toBe('https://x.example:8443');
  });
});
