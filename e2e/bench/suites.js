// Bench (suites), the Chromium half: cases per second offline (a flow file, no org) in the real app page. The flow
// is the demo inbound call flow (the fake's Customer Service IVR, its saved configuration as a file), the suite
// 1,000 callers made from the demo suite's cases (their numbers, times and inputs, without expectations). Both
// are written to --dir, where `cargo xtask bench` runs the same files natively with the flowsim CLI.
// Measured from outside the app: the click on "Run suite" to the page showing "1000 / 1000 cases" with the run
// over; also the longest gap between two animation frames during the run (the page must stay responsive).
//   node bench/suites.js --dir DIR [--runs 3] [--warmup 1]
import path from 'node:path';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DIST, PUBLIC_PATH, FAKE_GENESYS_BIN } from '../harness/env.js';
import { startStatic, startFake } from '../harness/servers.js';
import { launch, arg, median, report } from './common.js';

const runs = Number(arg('--runs', 5));
const warmup = Number(arg('--warmup', 1));
const dir = arg('--dir', null);
if (!dir) throw new Error('--dir is required');
if (!(runs >= 1)) throw new Error(`--runs must be at least 1 (got ${runs})`);
const CASES = 1000;

const here = path.dirname(fileURLToPath(import.meta.url));
const demo = JSON.parse(readFileSync(path.join(here, '../../crates/fake-genesys/suites/demo.json'), 'utf8'));

const stat = await startStatic(DIST, PUBLIC_PATH);
const fake = await startFake(FAKE_GENESYS_BIN, 'bench-suites-fake-genesys');
const { browser, page } = await launch();
try {
  // The demo IVR's saved configuration, as a flow file.
  const r = await fetch(`${fake.url}/api/v2/flows/${demo.flow.id}/latestconfiguration`, {
    headers: { Authorization: 'Bearer demo-token' },
  });
  if (!r.ok) throw new Error(`GET latestconfiguration of the demo IVR: HTTP ${r.status}`);
  const flowText = await r.text();
  const cases = Array.from({ length: CASES }, (_, i) => {
    const { name, expect, ...fields } = demo.cases[i % demo.cases.length];
    return { name: `${i + 1}: ${name}`, ...fields };
  });
  const suite = { name: 'Demo IVR callers', defaults: demo.defaults, cases };
  mkdirSync(dir, { recursive: true });
  const flowFile = path.join(dir, 'demo-ivr.json');
  writeFileSync(flowFile, flowText);
  writeFileSync(path.join(dir, 'demo-callers.json'), JSON.stringify(suite));
  console.log(`wrote ${flowFile} (${flowText.length} B) and ${CASES} cases`);

  await page.goto(stat.appUrl);
  const panel = page.getByTestId('suite-panel');
  await panel.waitFor();
  await panel.getByLabel('Flow file (optional)').setInputFiles(flowFile);
  await panel.getByTestId('suite-flow-name').waitFor();
  await panel.getByLabel('Suite', { exact: true }).fill(JSON.stringify(suite));
  const count = await panel.getByTestId('suite-count').textContent();
  if (count !== `${CASES} cases`) throw new Error(`the page read the suite as: ${count}`);

  const rates = [];
  const gaps = [];
  for (let i = 0; i < warmup + runs; i++) {
    const m = await page.evaluate(
      (total) =>
        new Promise((resolve, reject) => {
          // The longest gap between two frames while the run goes on: how long the page could not answer.
          let gap = 0;
          let last = performance.now();
          let frames = true;
          const frame = (t) => {
            gap = Math.max(gap, t - last);
            last = t;
            if (frames) requestAnimationFrame(frame);
          };
          requestAnimationFrame(frame);
          const button = [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Run suite');
          if (!button) return reject(new Error('no Run suite button'));
          // The run has started once the button is disabled (the last run's "1000 / 1000" is still on the page
          // until then).
          let started = false;
          const watch = new MutationObserver(() => {
            if (button.disabled) started = true;
          });
          watch.observe(button, { attributes: true, attributeFilter: ['disabled'] });
          const t0 = performance.now();
          button.click();
          const done = () => {
            const p = document.querySelector('[data-testid=suite-progress]')?.textContent ?? '';
            return started && p.startsWith(`${total} / ${total} cases`) && !button.disabled;
          };
          const tick = () => {
            if (done()) {
              const ms = performance.now() - t0;
              frames = false;
              watch.disconnect();
              resolve({ ms, gap, tally: document.querySelector('[data-testid=suite-tally]')?.textContent ?? '' });
            } else if (performance.now() - t0 > 300_000) {
              reject(new Error('the run did not end within 5 minutes'));
            } else {
              setTimeout(tick, 5);
            }
          };
          tick();
        }),
      CASES,
    );
    if (!m.tally.startsWith(`0 passed, 0 failed, ${CASES} recorded`)) throw new Error(`the run ended with: ${m.tally}`);
    console.log(`run ${i + 1}: ${CASES} cases in ${m.ms.toFixed(0)} ms, longest frame gap ${m.gap.toFixed(0)} ms${i < warmup ? ' (warm-up)' : ''}`);
    // The first run in the page counts for the gap: it is the one that builds the 1,000 rows.
    gaps.push(m.gap);
    if (i >= warmup) rates.push(CASES / (m.ms / 1000));
  }
  report({
    cases: CASES,
    runs,
    flow_bytes: flowText.length,
    chromium_cases_per_s: median(rates),
    longest_frame_gap_ms: Math.max(...gaps),
  });
} finally {
  await browser.close();
  await Promise.allSettled([fake.stop(), stat.stop()]);
}
