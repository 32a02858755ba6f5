import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { REPO } from './paths';

export const SCREENSHOTS = join(REPO, '.run', 'console');

/** Debian's chromium (apt-get install chromium fonts-noto-cjk; .ci/run does it): playwright downloads no browser. */
export function chromiumPath(): string {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  try {
    return execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('chromium is not installed: apt-get install -y chromium fonts-noto-cjk');
  }
}

export function launchBrowser(): Promise<Browser> {
  // --no-sandbox: CI runs as root, where chromium's sandbox refuses to start.
  return chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox'] });
}

/**
 * A console tab at 1366×768 that records every console error and uncaught exception. Failed API calls are logged by
 * chromium as "Failed to load resource" errors too; those are answers the page shows (401 before sign-in, the
 * refusals a test provokes), so they are kept apart in `apiFailures` and the rest must stay empty.
 */
export class ConsoleTab {
  readonly errors: string[] = [];
  readonly apiFailures: string[] = [];

  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    readonly base: string,
  ) {
    page.on('pageerror', (e) => this.errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() !== 'error') return;
      const url = m.location().url ?? '';
      if (m.text().startsWith('Failed to load resource') && new URL(url, base).pathname.startsWith('/api/'))
        this.apiFailures.push(`${m.text()} ${url}`);
      else this.errors.push(`${m.text()} ${url}`);
    });
  }

  static async open(browser: Browser, base: string): Promise<ConsoleTab> {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
    return new ConsoleTab(context, await context.newPage(), base);
  }

  async goto(path: string): Promise<void> {
    await this.page.goto(`${this.base}/console${path}`);
  }

  async signIn(key: string): Promise<void> {
    await this.goto('/login');
    await this.page.getByLabel('API 密钥').fill(key);
    await this.page.getByRole('button', { name: /登\s*录/ }).click();
    await this.page.getByTestId('signed-in-as').waitFor();
  }

  /** The window as a user sees it at 1366×768, or with `fullPage` the whole page below it too. */
  async screenshot(name: string, opts: { fullPage?: boolean } = {}): Promise<string> {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const path = join(SCREENSHOTS, `${name}.png`);
    // Transitions finished: a button disabled a moment ago is drawn as it is now, not half-faded.
    await this.page.screenshot({ path, animations: 'disabled', fullPage: opts.fullPage });
    return path;
  }

  close(): Promise<void> {
    return this.context.close();
  }
}
