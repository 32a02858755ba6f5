import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const REPO = join(__dirname, '..', '..');

interface LintMessage {
  ruleId: string | null;
  message: string;
}

/** Lints one fixture file written into the tree for the duration of the call, with the project's real config. */
function lintFixture(relPath: string, source: string): LintMessage[] {
  const file = join(REPO, relPath);
  writeFileSync(file, source);
  try {
    let out: string;
    try {
      out = execFileSync(
        join(REPO, 'node_modules', '.bin', 'eslint'),
        ['--format', 'json', '--rule', '{"@typescript-eslint/no-unused-vars":"off"}', file],
        {
          cwd: REPO,
          encoding: 'utf8',
        },
      );
    } catch (e) {
      out = (e as { stdout: string }).stdout;
    }
    const [report] = JSON.parse(out) as { messages: LintMessage[] }[];
    return report.messages;
  } finally {
    rmSync(file, { force: true });
  }
}

const restricted = (messages: LintMessage[]): LintMessage[] =>
  messages.filter((m) => m.ruleId === 'no-restricted-imports');

describe('import boundaries (eslint.config.mjs)', () => {
  jest.setTimeout(120_000);

  it('fails an app that imports another app', () => {
    const messages = lintFixture(
      'apps/gateway/src/boundary-fixture.ts',
      "export { ConnectorsService } from '../../connectors/src/runtime/connectors.service';\n",
    );
    expect(restricted(messages)).toHaveLength(1);
    expect(restricted(messages)[0].message).toMatch(/never imports another app/);
  });

  it('fails a library that imports an app', () => {
    const messages = lintFixture(
      'libs/routing/src/boundary-fixture.ts',
      "export { RouterModule } from '../../../apps/router/src/router.module';\n",
    );
    expect(restricted(messages)[0]?.message).toMatch(/library never imports an app/);
  });

  it("fails an app that reaches into a library's internals", () => {
    const messages = lintFixture(
      'apps/router/src/boundary-fixture.ts',
      "export { HttpFetcher } from '@minsheng/connector-sdk/http/http-fetcher';\n",
    );
    expect(restricted(messages)[0]?.message).toMatch(/public index/);
  });

  it('fails the gateway when it would route or fetch itself instead of asking over the control plane', () => {
    const messages = lintFixture(
      'apps/gateway/src/boundary-fixture.ts',
      "export { routeItem } from '@minsheng/routing';\nexport { checkContext } from '@minsheng/connector-sdk/http';\n",
    );
    expect(restricted(messages).map((m) => m.message)).toEqual([
      expect.stringMatching(/router routes: ask it over the control plane/),
      expect.stringMatching(/connectors fetch: ask them over the control plane/),
    ]);
  });

  it('passes an app that uses libraries through their indexes', () => {
    const messages = lintFixture(
      'apps/router/src/boundary-fixture.ts',
      "export { HttpFetcher } from '@minsheng/connector-sdk/http';\nexport { routeItem } from '@minsheng/routing';\n",
    );
    expect(messages).toEqual([]);
  });
});
