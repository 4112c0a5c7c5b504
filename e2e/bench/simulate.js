// Bench (b): Simulate -> rendered trace, through flowsim-proxy to fake-genesys (no latency), in headless
// Chromium, read from the app's own performance.measure('flowsim:simulate-to-render').
//   node bench/simulate.js [--runs 20] [--warmup 3]
import { DIST, PUBLIC_PATH, FAKE_GENESYS_BIN, FLOWSIM_PROXY_BIN } from '../harness/env.js';
import { startStatic, startFake, startFlowsimProxy } from '../harness/servers.js';
import { launch, arg, median, percentile, report, runOnce } from './common.js';

const runs = Number(arg('--runs', 20));
const warmup = Number(arg('--warmup', 3));

const stat = await startStatic(DIST, PUBLIC_PATH);
const fake = await startFake(FAKE_GENESYS_BIN, 'bench-fake-genesys');
const proxy = await startFlowsimProxy(FLOWSIM_PROXY_BIN, [fake.url]);
const { browser, page } = await launch();
try {
  const scenarios = await (await fetch(`${fake.url}/_fake/scenarios`)).json();
  const s = scenarios.find((x) => x.outcome === 'found');
  const results = {};
  for (const backend of ['remote', 'browser']) {
    const q = new URLSearchParams({ api: fake.url, proxyStyle: 'prefix', proxy: `${proxy.url}/`, backend });
    await page.goto(`${stat.appUrl}?${q}`);
    await page.getByRole('button', { name: 'Simulate', exact: true }).waitFor();
    await page.getByLabel('Access token', { exact: true }).fill(s.token);
    await page.getByLabel('Flow ID', { exact: true }).fill(s.flowId);
    await page.getByLabel('Start at', { exact: true }).fill(s.nodeId);
    await page.getByLabel('Phone number', { exact: true }).fill(s.phone);
    const app = [];
    const outside = [];
    for (let i = 0; i < warmup + runs; i++) {
      const r = await runOnce(page);
      if (i >= warmup) {
        app.push(r.app);
        outside.push(r.outside);
      }
    }
    const verdict = await page.getAttribute('[data-testid=summary]', 'data-verdict');
    console.log(
      `${backend}: verdict ${verdict}; app measure (ms): ${app.map((x) => x.toFixed(1)).join(' ')}; ` +
        `click->next frame median ${median(outside).toFixed(1)} ms`,
    );
    if (verdict !== 'found') throw new Error(`the ${backend} runs ended in "${verdict}", not "found"`);
    results[backend] = { app, outside };
  }
  const r = results.remote.app;
  const b = results.browser.app;
  report({
    runs,
    median_ms: median(r),
    p90_ms: percentile(r, 90),
    min_ms: Math.min(...r),
    max_ms: Math.max(...r),
    outside_median_ms: median(results.remote.outside),
    browser_median_ms: median(b),
    browser_p90_ms: percentile(b, 90),
  });
} finally {
  await browser.close();
  await Promise.allSettled([proxy.stop(), fake.stop(), stat.stop()]);
}
