/**
 * `node bench/lighthouse.ts` (part of `pnpm bench --web`): Lighthouse's performance and
 * accessibility audits of the key screens, in Debian's Chromium, against the product as
 * `./pilot start` serves it (production web build, demo data) on ports of its own, each screen
 * signed in as the person who uses it. Prints the scores and the failing accessibility audits,
 * writes bench/results/lighthouse.json. Mobile emulation and simulated throttling are
 * Lighthouse's defaults: the screens are used from phones in the field.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { freePort, root, signInAs, step } from './harness.ts';

/** The demo logins' password and authenticator (README; the demo seed is refused in production). */
const DEMO_PASSWORD = 'pilot-demo-2026';
const DEMO_TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

/** Who opens which screen. */
const SCREENS: { path: string; as?: string }[] = [
  { path: '/login' },
  { path: '/', as: 'manager1@razom.demo' },
  { path: '/cases', as: 'manager1@razom.demo' },
  { path: '/tasks', as: 'manager1@razom.demo' },
  { path: '/', as: 'supervisor@razom.demo' },
  { path: '/refer', as: 'unit1@army.demo' },
  { path: '/my-referrals', as: 'unit1@army.demo' },
  { path: '/', as: 'coordinator@minsoc.demo' },
  { path: '/pilot', as: 'coordinator@minsoc.demo' },
];

const port = await freePort();
const base = `http://localhost:${port}`;
const dataDir = mkdtempSync(join(tmpdir(), 'pilot-lighthouse-'));
step(`starting the product on ${base} (demo data in ${dataDir})`);
const stack = spawn(process.execPath, ['scripts/stack.ts', 'start'], {
  cwd: root, detached: true, stdio: ['ignore', 'ignore', 'inherit'],
  env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, SMTP_PORT: String(await freePort()), MAIL_HTTP_PORT: String(await freePort()), PG_PORT: String(await freePort()) },
});
const stop = async () => {
  if (stack.exitCode === null) {
    process.kill(-stack.pid!, 'SIGTERM');
    await new Promise((r) => stack.once('exit', r));
  }
  rmSync(dataDir, { recursive: true, force: true });
};

try {
  for (let i = 0; !(await fetch(`${base}/api/ready`).then((r) => r.ok, () => false)); i++) {
    if (stack.exitCode !== null || i > 900) throw new Error('the product did not start');
    await new Promise((r) => setTimeout(r, 500));
  }
  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  // The session cookie goes into the browser's own jar (through the DevTools protocol), where
  // the page's requests pick it up as a signed-in person's would; Lighthouse keeps the jar.
  const cdp = await chromium.connectOverCDP(`http://127.0.0.1:${chrome.port}`);
  const jar = cdp.contexts()[0]!;
  // One sign-in per person: an authenticator code is good once.
  const tokens = new Map<string, string>();
  const results = [];
  try {
    for (const screen of SCREENS) {
      await jar.clearCookies();
      if (screen.as && !tokens.has(screen.as)) tokens.set(screen.as, await signInAs(base, screen.as, DEMO_PASSWORD, DEMO_TOTP_SECRET));
      if (screen.as) await jar.addCookies([{ name: 'pilot_access', value: tokens.get(screen.as)!, url: base, httpOnly: true, sameSite: 'Lax' }]);
      const run = await lighthouse(base + screen.path, {
        port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance', 'accessibility'], disableStorageReset: true,
      });
      const lhr = run!.lhr;
      const failing = Object.values(lhr.audits)
        .filter((a) => lhr.categories.accessibility!.auditRefs.some((r) => r.id === a.id && r.weight > 0) && a.score !== null && a.score < 1)
        .map((a) => a.id);
      const result = {
        screen: screen.path, as: screen.as ?? 'anonymous', finalUrl: lhr.finalDisplayedUrl,
        performance: Math.round((lhr.categories.performance!.score ?? 0) * 100),
        accessibility: Math.round((lhr.categories.accessibility!.score ?? 0) * 100),
        lcpMs: Math.round(lhr.audits['largest-contentful-paint']?.numericValue ?? NaN),
        tbtMs: Math.round(lhr.audits['total-blocking-time']?.numericValue ?? NaN),
        cls: Number((lhr.audits['cumulative-layout-shift']?.numericValue ?? NaN).toFixed(3)),
        failingAccessibilityAudits: failing,
      };
      // A cookie the server refused sends the screen to the login page: the audit would be of the wrong page.
      if (screen.as && new URL(result.finalUrl).pathname === '/login') throw new Error(`${screen.path} as ${screen.as} ended on the login page`);
      results.push(result);
      console.log(`  ${screen.path} (${result.as}): performance ${result.performance}, accessibility ${result.accessibility}, LCP ${result.lcpMs} ms, TBT ${result.tbtMs} ms, CLS ${result.cls}${failing.length ? `; failing: ${failing.join(', ')}` : ''}`);
    }
  } finally {
    await cdp.close();
    chrome.kill();
  }
  console.table(Object.fromEntries(results.map((r) => [`${r.screen} (${r.as})`, { performance: r.performance, accessibility: r.accessibility, 'LCP ms': r.lcpMs, 'TBT ms': r.tbtMs, CLS: r.cls }])));
  writeFileSync(join(root, 'bench/results/lighthouse.json'), JSON.stringify({ when: new Date().toISOString(), results }, null, 2));
  console.log('  written to bench/results/lighthouse.json');
} finally {
  await stop();
}
