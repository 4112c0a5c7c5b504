// Shared parts of the browser benches: launching Debian's Chromium, statistics, reporting.
import { chromium } from '@playwright/test';
import { chromiumPath, CHROMIUM_ARGS } from '../harness/env.js';

export function launchBrowser() {
  return chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, headless: true });
}

export async function launch() {
  const browser = await launchBrowser();
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`[page error] ${e.message}`));
  return { browser, page };
}

export function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

/** Nearest-rank percentile. */
export function percentile(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return NaN;
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return NaN;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** The `BENCH k=v ...` line xtask reads. */
export function report(values) {
  const parts = Object.entries(values).map(([k, v]) => `${k}=${typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(2)) : String(v).replace(/\s+/g, '_')}`);
  console.log(`BENCH ${parts.join(' ')}`);
}

export const MEASURE = 'flowsim:simulate-to-render';

/** Every `flowsim:simulate-to-render` duration the page has recorded. */
export function measures(page) {
  return page.evaluate((name) => performance.getEntriesByName(name).map((e) => e.duration), MEASURE);
}

/**
 * Clicks Simulate inside the page and resolves when a new measure appears, with the app's measure and the
 * time from the click to the first animation frame after it (an outside check of the app's figure).
 */
export function runOnce(page, timeoutMs = 60_000) {
  return page.evaluate(
    ({ name, timeoutMs }) =>
      new Promise((resolve, reject) => {
        const before = performance.getEntriesByName(name).length;
        const button = [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Simulate');
        if (!button) return reject(new Error('no Simulate button'));
        const t0 = performance.now();
        button.click();
        const deadline = t0 + timeoutMs;
        const tick = () => {
          const all = performance.getEntriesByName(name);
          if (all.length > before) {
            requestAnimationFrame(() => resolve({ app: all[all.length - 1].duration, outside: performance.now() - t0 }));
          } else if (performance.now() > deadline) {
            reject(new Error(`no new ${name} entry within ${timeoutMs} ms`));
          } else {
            setTimeout(tick, 1);
          }
        };
        tick();
      }),
    { name: MEASURE, timeoutMs },
  );
}
