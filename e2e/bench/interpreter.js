// Bench (f): flowsim's interpreter in headless Chromium (release build), read from the app's own measures:
//   - reading the largest real configuration (limitless-email-inboundemail.json, 573 KB) into the flow model
//     through the "Flow file" input: performance.measure('flowsim:read-flow-file') (the parse, after the browser
//     has read the file's text);
//   - a run that hits the 10,000-action limit (tests/fixtures/bench/action-limit-loop.json, no org):
//     performance.measure('flowsim:engine'); actions/s = 10,000 / its duration;
//   - Simulate -> rendered for the demo inbound call flow (the fake's first "IVR: ..." whole-flow scenario) run by
//     the interpreter in the page, its org reads through flowsim-proxy to fake-genesys:
//     performance.measure('flowsim:simulate-to-render') (and the run's own 'flowsim:engine');
//   - configurations at the 16 MB body limit in three shapes (a long chain, many containers, huge names; the same
//     shapes as flowsim-core's tests/flow_size.rs), each in a fresh page: read through "Flow file" + Simulate ->
//     rendered, and the growth of the wasm linear memory (which never shrinks, so its size after is the peak) over
//     the file's size.
// Every run's outcome is checked, so each figure measures what it claims.
//   node bench/interpreter.js [--runs 11] [--warmup 2]
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DIST, PUBLIC_PATH, FAKE_GENESYS_BIN, FLOWSIM_PROXY_BIN } from '../harness/env.js';
import { startStatic, startFake, startFlowsimProxy } from '../harness/servers.js';
import { launch, arg, median, percentile, report, runOnce } from './common.js';
import { fillFlowScenario } from '../tests/helpers.js';

const runs = Number(arg('--runs', 11));
const warmup = Number(arg('--warmup', 2));
if (!(runs >= 1)) throw new Error(`--runs must be at least 1 (got ${runs})`);

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.join(here, '../../crates/flowsim-core/tests/fixtures');
const BIG = 'limitless-email-inboundemail.json';
const bigText = readFileSync(path.join(fixtures, 'flowconfigs', BIG));
const loopText = readFileSync(path.join(fixtures, 'bench', 'action-limit-loop.json'));
const ACTION_LIMIT = 10_000;

const field = (page, label) => page.getByLabel(label, { exact: true });
// The app's marks share their measures' names: only the measures count.
const entries = (page, name) =>
  page.evaluate((n) => performance.getEntriesByName(n, 'measure').map((e) => e.duration), name);

/** Sets the "Flow file" input and waits for the app's read measure; returns its duration. */
async function readFile(page, name, buffer) {
  const before = (await entries(page, 'flowsim:read-flow-file')).length;
  await field(page, 'Flow file').setInputFiles({ name, mimeType: 'application/json', buffer });
  await page.waitForFunction(
    (n) => performance.getEntriesByName('flowsim:read-flow-file', 'measure').length > n,
    before,
    { timeout: 60_000 },
  );
  const loaded = await page.getByTestId('flow-file-loaded').textContent();
  if (!loaded.includes(name)) throw new Error(`the page did not load ${name}: ${loaded}`);
  const all = await entries(page, 'flowsim:read-flow-file');
  return all[all.length - 1];
}

/** Clicks Simulate; returns the run's engine and Simulate -> rendered measures and its outcome. */
async function simulateOnce(page, engine = true) {
  const before = (await entries(page, 'flowsim:engine')).length;
  const r = await runOnce(page);
  const all = await entries(page, 'flowsim:engine');
  if (engine && all.length !== before + 1) {
    const body = await page.locator('main').textContent().catch(() => '');
    throw new Error(`the run recorded no flowsim:engine measure (${before} -> ${all.length}): ${body.slice(0, 1500)}`);
  }
  const outcome = page.getByTestId('outcome');
  return {
    engine: all[all.length - 1],
    render: r.app,
    kind: await outcome.getAttribute('data-outcome'),
    text: await outcome.textContent(),
  };
}

const ms = (xs) => xs.map((x) => x.toFixed(1)).join(' ');

/** The body limit a configuration may reach (`net::http::MAX_BODY_BYTES`). */
const LIMIT = 16 * 1024 * 1024;
/** `{name, type, initialSequence}` plus containers, as JSON text. */
const flowText = (name, initial, containers) =>
  JSON.stringify({ name, type: 'inboundcall', initialSequence: initial, flowSequenceItemList: containers });
/** The three shapes of tests/flow_size.rs, each at most LIMIT bytes. */
const BIG_SHAPES = [
  {
    name: 'long-chain.json',
    text: () => {
      const n = Math.floor(LIMIT / 120);
      const actions = Array.from({ length: n }, (_, i) => ({ __type: 'WaitAction', id: `a${i}`, name: 'w', nextAction: `a${i + 1}` }));
      return flowText('chain', 't', [{ __type: 'Task', id: 't', name: 't', startAction: 'a0', actionList: actions }]);
    },
  },
  {
    name: 'many-containers.json',
    text: () => {
      const n = Math.floor(LIMIT / 200);
      const tasks = Array.from({ length: n }, (_, i) => ({
        __type: 'Task', id: `t${i}`, name: `Task ${i}`, startAction: `a${i}`,
        actionList: [{ __type: 'TransferTaskAction', id: `a${i}`, name: 'next', taskReference: `t${i + 1}` }],
      }));
      return flowText('many', 't0', tasks);
    },
  },
  {
    name: 'huge-names.json',
    text: () => {
      const big = 'N'.repeat(1 << 20);
      const actions = Array.from({ length: 13 }, (_, i) => ({ __type: 'DisconnectAction', id: `a${i}`, name: big, nextAction: 'missing' }));
      return flowText(big, 't', [{ __type: 'Task', id: 't', name: big, startAction: 'a0', actionList: actions }]);
    },
  },
];

const stat = await startStatic(DIST, PUBLIC_PATH);
const fake = await startFake(FAKE_GENESYS_BIN, 'bench-fake-genesys');
const proxy = await startFlowsimProxy(FLOWSIM_PROXY_BIN, [fake.url]);
const { browser, page } = await launch();
// The wasm instance's exports (its linear memory), as Trunk's loader announces them.
await page.addInitScript(() =>
  addEventListener('TrunkApplicationStarted', (e) => {
    window.__flowsimMemory = e.detail.wasm.memory;
  }),
);
const wasmBytes = () => page.evaluate(() => window.__flowsimMemory.buffer.byteLength);
try {
  const open = async (backend) => {
    const q = new URLSearchParams({ api: fake.url, proxyStyle: 'prefix', proxy: `${proxy.url}/`, backend });
    await page.goto(`${stat.appUrl}?${q}`);
    await page.getByRole('button', { name: 'Simulate', exact: true }).waitFor();
  };

  // 1. Read the largest configuration, alternating names so every read is a new file.
  await open('browser');
  const reads = [];
  for (let i = 0; i < warmup + runs; i++) {
    const d = await readFile(page, i % 2 ? BIG : `copy-${BIG}`, bigText);
    if (i >= warmup) reads.push(d);
  }
  console.log(`read ${BIG} (${bigText.length} B) into the flow model (ms): ${ms(reads)}`);

  // 2. The 10,000-action run, from a flow file (no token: no org, no server).
  await readFile(page, 'action-limit-loop.json', loopText);
  await field(page, 'Phone number').fill('+1 317 555 0100');
  const engine = [];
  const loopRender = [];
  for (let i = 0; i < warmup + runs; i++) {
    const r = await simulateOnce(page);
    // The outcome names the limit: "The flow ran 10000 actions, Genesys' limit for one interaction."
    if (r.kind !== 'error' || !r.text.includes(`ran ${ACTION_LIMIT} actions`)) {
      throw new Error(`the action-limit run ended in "${r.kind}": ${r.text}`);
    }
    if (i >= warmup) {
      engine.push(r.engine);
      loopRender.push(r.render);
    }
  }
  console.log(`10,000-action run: engine (ms): ${ms(engine)}; Simulate -> rendered (ms): ${ms(loopRender)}`);

  // 3. The demo inbound call flow through flowsim-proxy.
  const scenarios = await (await fetch(`${fake.url}/_fake/scenarios`)).json();
  const s = scenarios.find((x) => /^IVR: /.test(x.name ?? '') && x.at && x.expect);
  if (!s) throw new Error('the fake has no "IVR: ..." whole-flow scenario');
  // The outcome kind the page shows for the scenario's expected end (`RunEnd`, camelCase on the wire).
  const kindOf = { transfertoacd: 'transfer', disconnect: 'disconnect', endworkflow: 'end', endmodule: 'end', errorhandling: 'error' };
  const expected = kindOf[String(s.expect.end).toLowerCase()];
  if (!expected) throw new Error(`"${s.name}" expects an end this bench does not know: ${s.expect.end}`);
  const demo = {};
  for (const backend of ['browser']) {
    await open(backend);
    await fillFlowScenario(page, s);
    const render = [];
    const eng = [];
    for (let i = 0; i < warmup + runs; i++) {
      const r = await simulateOnce(page);
      if (r.kind !== expected) throw new Error(`"${s.name}" (${backend}) ended in "${r.kind}": ${r.text}`);
      if (i >= warmup) {
        render.push(r.render);
        eng.push(r.engine);
      }
    }
    console.log(`"${s.name}" (${backend}): Simulate -> rendered (ms): ${ms(render)}; outcome ${expected}`);
    demo[backend] = { render, engine: eng };
  }

  // 4. Configurations at the body limit, each in a fresh page (a fresh wasm memory).
  const big = [];
  for (const shape of BIG_SHAPES) {
    const text = Buffer.from(shape.text());
    if (text.length > LIMIT || text.length < LIMIT / 2) throw new Error(`${shape.name} is ${text.length} B`);
    await open('browser');
    await page.waitForFunction(() => window.__flowsimMemory);
    const before = await wasmBytes();
    const read = await readFile(page, shape.name, text);
    await field(page, 'Phone number').fill('+1 317 555 0100');
    const r = await simulateOnce(page);
    if (!['error', 'disconnect'].includes(r.kind)) throw new Error(`${shape.name} ended in "${r.kind}": ${r.text}`);
    const grown = (await wasmBytes()) - before;
    big.push({ total: read + r.render, ratio: grown / text.length });
    console.log(
      `${shape.name} (${text.length} B): read ${read.toFixed(1)} ms, Simulate -> rendered ${r.render.toFixed(1)} ms (engine ${r.engine.toFixed(1)}) ` +
        `(${r.kind}); wasm memory grew ${grown} B = ${(grown / text.length).toFixed(2)}x the file`,
    );
  }

  const engineMedian = median(engine);
  report({
    runs,
    read_bytes: bigText.length,
    read_median_ms: median(reads),
    read_max_ms: Math.max(...reads),
    loop_engine_median_ms: engineMedian,
    loop_engine_max_ms: Math.max(...engine),
    loop_actions_per_s: ACTION_LIMIT / (engineMedian / 1000),
    loop_render_median_ms: median(loopRender),
    demo_name: s.name,
    demo_browser_median_ms: median(demo.browser.render),
    demo_browser_p90_ms: percentile(demo.browser.render, 90),
    demo_browser_engine_median_ms: median(demo.browser.engine),
    limit_shapes: big.length,
    limit_max_ms: Math.max(...big.map((b) => b.total)),
    limit_max_memory_ratio: Math.max(...big.map((b) => b.ratio)),
  });
} finally {
  await browser.close();
  await Promise.allSettled([proxy.stop(), fake.stop(), stat.stop()]);
}
