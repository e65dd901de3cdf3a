// Headless Debian chromium for the site tests (playwright-core drives a browser it did not
// download). When the browser is missing, scripts/ensure-chromium.sh installs it if it can;
// otherwise the caller skips with the reason this returns.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM = process.env.REPRO_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** null when the browser is (now) available, else why not. */
export function ensureChromium(): string | null {
  if (existsSync(CHROMIUM)) return null;
  const r = spawnSync('bash', ['scripts/ensure-chromium.sh'], { encoding: 'utf8', env: { ...process.env, REPRO_CHROMIUM: CHROMIUM } });
  if (existsSync(CHROMIUM)) return null;
  return `${CHROMIUM} is absent and could not be installed: ${(r.stdout + r.stderr).trim().split('\n').pop() ?? 'no output'}`;
}

/** A fresh profile every time (removed on close), so no state carries over between runs. */
export async function launch(): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'repro-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
