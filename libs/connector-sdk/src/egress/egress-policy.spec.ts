import {
  allowlistProblems,
  EgressPolicy,
  EgressRefusal,
  type ResolvedAddress,
  type Resolver,
} from './egress-policy';
import { egressAllowDefault } from './egress-config';

/** A resolver from a table; it records every name it was asked, and never asks the real DNS. */
function table(answers: Record<string, string[]>): Resolver & { asked: string[] } {
  const asked: string[] = [];
  const fn = (host: string): Promise<ResolvedAddress[]> => {
    asked.push(host);
    return Promise.resolve(
      (answers[host] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
    );
  };
  return Object.assign(fn, { asked });
}

async function refusal(p: Promise<unknown>): Promise<EgressRefusal> {
  try {
    await p;
  } catch (e) {
    if (e instanceof EgressRefusal) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('EgressPolicy', () => {
  const resolver = table({
    'public.example': ['93.184.216.34'],
    'intranet.example': ['10.1.2.3'],
    localhost: ['127.0.0.1', '::1'],
    'mixed.example': ['93.184.216.34', '192.168.0.10'],
    'v6.example': ['fd00::1'],
  });
  const policy = new EgressPolicy({ resolver });

  it('passes a public name and pins the address it checked', async () => {
    const t = await policy.check('https://public.example/a?b=1');
    expect(t).toMatchObject({ host: 'public.example', address: '93.184.216.34', family: 4 });
  });

  it.each([
    ['http://[::ffff:127.0.0.1]:3000/', 'loopback'],
    ['http://localhost.:3000/', 'loopback'],
    ['http://localhost:3000/', 'loopback'],
    ['http://169.254.169.254/latest/meta-data/', 'link_local'],
    ['http://10.0.0.5/', 'private'],
    ['http://192.168.1.20/', 'private'],
    ['http://[fd00::1]/', 'unique_local'],
    ['http://[fe80::1]/', 'link_local'],
    ['http://100.64.1.1/', 'cgnat'],
    ['http://0.0.0.0/', 'unspecified'],
    ['http://2130706433/', 'loopback'],
    ['http://0x7f.1/', 'loopback'],
    ['http://intranet.example/', 'private'],
    ['http://mixed.example/', 'private'],
    ['http://v6.example/', 'unique_local'],
    ['ftp://public.example/', 'scheme'],
    ['javascript:alert(1)', 'scheme'],
    ['data:text/plain,x', 'scheme'],
    ['https://u:p@public.example/', 'credentials'],
    ['http://nowhere.example/', 'unresolvable'],
    ['not a url', 'invalid_url'],
  ])('refuses %s (%s)', async (url, reason) => {
    const e = await refusal(policy.check(url));
    expect(e.reason).toBe(reason);
    expect(e.code).toBe('target_refused');
    expect(e.detail).not.toMatch(/meta-data|\?/);
  });

  it('lets an allowlisted CIDR or host through, for that target only', async () => {
    await expect(policy.check('http://intranet.example/', ['10.0.0.0/8'])).resolves.toMatchObject({
      address: '10.1.2.3',
    });
    await expect(policy.check('http://intranet.example/', ['intranet.example'])).resolves.toBeDefined();
    await expect(policy.check('http://[::ffff:127.0.0.1]:1/', ['127.0.0.1/32'])).resolves.toBeDefined();
    expect((await refusal(policy.check('http://intranet.example/', ['192.168.0.0/16']))).reason).toBe(
      'private',
    );
  });

  it('takes global CIDRs (EGRESS_ALLOW_CIDRS) and requires https in production unless allowlisted', async () => {
    const prod = new EgressPolicy({ resolver, allowCidrs: ['10.0.0.0/8'], requireHttps: true });
    expect((await refusal(prod.check('http://public.example/'))).reason).toBe('https_required');
    await expect(prod.check('https://public.example/')).resolves.toBeDefined();
    await expect(prod.check('http://intranet.example/')).resolves.toBeDefined();
    await expect(prod.check('http://public.example/', ['public.example'])).resolves.toBeDefined();
  });

  it('never asks the resolver for an IP literal', async () => {
    const r = table({});
    await new EgressPolicy({ resolver: r }).check('http://8.8.8.8/').catch(() => undefined);
    await new EgressPolicy({ resolver: r }).check('http://10.0.0.1/').catch(() => undefined);
    expect(r.asked).toEqual([]);
  });

  it('defaults EGRESS_ALLOW_CIDRS to loopback only under an explicit development or test mode', () => {
    expect(egressAllowDefault(undefined, 'test')).toEqual(['127.0.0.0/8', '::1/128']);
    expect(egressAllowDefault(undefined, 'development')).toEqual(['127.0.0.0/8', '::1/128']);
    expect(egressAllowDefault(undefined, 'production')).toEqual([]);
    expect(egressAllowDefault(undefined, undefined)).toEqual([]);
    expect(egressAllowDefault('none', 'test')).toEqual([]);
    expect(egressAllowDefault('', 'test')).toEqual([]);
    expect(egressAllowDefault('10.0.0.0/8, 192.168.1.0/24', 'production')).toEqual([
      '10.0.0.0/8',
      '192.168.1.0/24',
    ]);
  });

  it('validates admin allowlist entries: hosts and CIDRs of either family, nothing that allows everything', () => {
    expect(
      allowlistProblems([
        'ys.gov.example',
        'intranet.',
        '10.0.0.0/8',
        '172.16.0.0/12',
        '127.0.0.1',
        '::1',
        '[fd00::1]',
        'fc00::/7',
        '::ffff:10.0.0.0/104',
      ]),
    ).toEqual([]);
    const bad = [
      '0.0.0.0/0',
      '::/0',
      '0.0.0.0/1',
      '128.0.0.0/7',
      '::/6',
      '::ffff:0.0.0.0/96',
      '*',
      '*.gov.example',
      'http://ys.gov.example/',
      'ys.gov.example:8080',
      '10.0.0.0/33',
      'not a range!',
    ];
    const problems = allowlistProblems(bad);
    expect(problems.map((p) => p.slice(0, p.indexOf(']') + 1))).toEqual(bad.map((_, i) => `[${i}]`));
    expect(problems[0]).toMatch(/wider than \/8/);
    expect(problems[1]).toMatch(/wider than \/7/);
    expect(problems[6]).toMatch(/wildcards/);
  });

  it('matches an IPv4-mapped CIDR by its IPv4 bits', async () => {
    await expect(policy.check('http://intranet.example/', ['::ffff:10.0.0.0/104'])).resolves.toMatchObject({
      address: '10.1.2.3',
    });
    expect((await refusal(policy.check('http://intranet.example/', ['::ffff:10.0.0.0/112']))).reason).toBe(
      'private',
    );
  });
});
