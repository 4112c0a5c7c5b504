// Bench (c): render a 5,000-step trace (tutorial contract, from a local server with CORS, backend=remote,
// no proxy) and check the page stays interactive: a "Next steps" click and a keypress right after render.
//   node bench/render-large.js [--steps 5000] [--runs 5]
import { DIST, PUBLIC_PATH } from '../harness/env.js';
import { startStatic, startOddServer } from '../harness/servers.js';
import { launch, arg, median, report, runOnce } from './common.js';

const steps = Number(arg('--steps', 5000));
const runs = Number(arg('--runs', 5));

const stat = await startStatic(DIST, PUBLIC_PATH);
const odd = await startOddServer();
const { browser, page } = await launch();
try {
  await page.addInitScript(() => {
    window.__longest = 0;
    try {
      new PerformanceObserver((l) => {
        for (const e of l.getEntries()) window.__longest = Math.max(window.__longest, e.duration);
      }).observe({ type: 'longtask', buffered: true });
    } catch {}
  });
  const q = new URLSearchParams({ api: odd.url, proxyStyle: 'none', backend: 'remote' });
  await page.goto(`${stat.appUrl}?${q}`);
  await page.getByRole('button', { name: 'Simulate', exact: true }).waitFor();
  await page.getByLabel('Access token', { exact: true }).fill(`big-${steps}`);
  await page.getByLabel('Flow ID', { exact: true }).fill('c0daeb2f-5bf5-4d25-980c-e516d5ad6764');
  await page.getByLabel('Start at', { exact: true }).fill('a1f2ed62-d7fa-4034-8e8d-06fa37840d1f');
  await page.getByLabel('Phone number', { exact: true }).fill('(555) 123-4567');
  await page.evaluate(() => (window.__longest = 0));
  const renders = [];
  for (let i = 0; i < runs; i++) renders.push((await runOnce(page)).app);
  const verdict = await page.getAttribute('[data-testid=summary]', 'data-verdict');
  const stepsShown = await page.locator('[data-testid=trace-step]').count();
  const labelRe = /Steps\s+\d[\d,]*\s*[–-]\s*\d[\d,]*\s+of\s+\d[\d,]*/;

  // Right after the last render: click "Next steps" and wait for the label to change and a frame to pass.
  const next = await page.evaluate(
    (reSrc) =>
      new Promise((resolve) => {
        const re = new RegExp(reSrc);
        const label = () => (document.body.innerText.match(re) || [''])[0];
        const before = label();
        const btn = [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Next steps');
        if (!btn) return resolve({ ms: NaN, before, after: 'no "Next steps" button' });
        const t0 = performance.now();
        btn.click();
        const tick = () => {
          const now = label();
          if (now !== before) requestAnimationFrame(() => resolve({ ms: performance.now() - t0, before, after: now }));
          else if (performance.now() - t0 > 10_000) resolve({ ms: NaN, before, after: now });
          else setTimeout(tick, 0);
        };
        tick();
      }),
    labelRe.source,
  );

  // A real keypress in Phone number: from the keydown event's timestamp to the frame after the value changed.
  const phone = page.getByLabel('Phone number', { exact: true });
  await phone.focus();
  await page.evaluate(() => {
    window.__key = null;
    const el = document.activeElement;
    el.setSelectionRange?.(el.value.length, el.value.length);
    el.addEventListener(
      'keydown',
      (e) => {
        const t0 = e.timeStamp;
        const start = el.value;
        const t1 = performance.now();
        const wait = () => {
          if (el.value !== start) requestAnimationFrame(() => setTimeout(() => (window.__key = performance.now() - t0), 0));
          else if (performance.now() - t1 < 10_000) setTimeout(wait, 0);
        };
        setTimeout(wait, 0);
      },
      { once: true },
    );
  });
  await page.keyboard.press('8');
  await page.waitForFunction(() => window.__key !== null, null, { timeout: 10_000 });
  const key = await page.evaluate(() => window.__key);
  const longest = await page.evaluate(() => window.__longest);
  console.log(
    `${steps}-step trace: verdict ${verdict}; ${stepsShown} step elements in the DOM; renders (ms): ` +
      `${renders.map((x) => x.toFixed(1)).join(' ')}; pager "${next.before}" -> "${next.after}" in ${next.ms.toFixed(1)} ms; ` +
      `keypress -> frame ${key.toFixed(1)} ms; longest main-thread task ${longest.toFixed(1)} ms`,
  );
  report({
    renders: runs,
    render_median_ms: median(renders),
    next_click_ms: next.ms,
    keypress_ms: key,
    longest_task_ms: longest,
    dom_steps: stepsShown,
    pager_label: next.before || 'none',
  });
} finally {
  await browser.close();
  await Promise.allSettled([odd.stop(), stat.stop()]);
}
