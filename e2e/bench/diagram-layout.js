// Bench (e): the diagram's layout of the largest real configuration (limitless-email-inboundemail.json) in
// Chromium. A local server with CORS plays the two Platform API reads of the in-browser engine (the flow and its
// latest configuration); each run's layout time is read from the page's `data-layout-us`.
//   node bench/diagram-layout.js [--runs 5]
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { DIST, PUBLIC_PATH, ROOT } from '../harness/env.js';
import { startStatic } from '../harness/servers.js';
import { launch, arg, median, report } from './common.js';

const runs = Number(arg('--runs', 5));
const FLOW_ID = '5b1c0f6e-8d1e-4c55-9f36-2f9c4f1b7a01';
const config = fs.readFileSync(
  path.join(ROOT, 'crates/flowsim-core/tests/fixtures/flowconfigs/limitless-email-inboundemail.json'),
  'utf8',
);
// Start at the initial container's start action (the form asks for a node).
const parsed = JSON.parse(config);
const initial = parsed.flowSequenceItemList.find((c) => c.id === parsed.initialSequence);
const START = initial?.startAction ?? '';
const flow = JSON.stringify({ id: FLOW_ID, name: 'Limitless email', type: 'INBOUNDEMAIL' });

const server = http.createServer((req, res) => {
  const cors = {
    'access-control-allow-origin': '*',
    'access-control-allow-headers': '*',
    'access-control-allow-methods': 'GET, POST, OPTIONS',
    'access-control-expose-headers': '*',
  };
  if (req.method === 'OPTIONS') return res.writeHead(204, cors).end();
  const url = new URL(req.url, 'http://x');
  const body =
    url.pathname === `/api/v2/flows/${FLOW_ID}` ? flow : url.pathname === `/api/v2/flows/${FLOW_ID}/latestconfiguration` ? config : null;
  if (body === null) {
    res.writeHead(404, { ...cors, 'content-type': 'application/json' });
    return res.end(JSON.stringify({ status: 404, code: 'not.found', message: 'Not found' }));
  }
  res.writeHead(200, { ...cors, 'content-type': 'application/json' });
  res.end(body);
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const api = `http://127.0.0.1:${server.address().port}`;

const stat = await startStatic(DIST, PUBLIC_PATH);
const { browser, page } = await launch();
try {
  const q = new URLSearchParams({ api, proxyStyle: 'none', backend: 'browser' });
  await page.goto(`${stat.appUrl}?${q}`);
  await page.getByRole('button', { name: 'Simulate', exact: true }).waitFor();
  await page.getByLabel('Access token', { exact: true }).fill('bench');
  await page.getByLabel('Flow ID', { exact: true }).fill(FLOW_ID);
  await page.getByLabel('Start at', { exact: true }).fill(START);
  await page.getByLabel('Phone number', { exact: true }).fill('(555) 123-4567');
  const times = [];
  let boxes = 0;
  for (let i = 0; i < runs; i++) {
    await page.getByRole('button', { name: 'Simulate', exact: true }).click();
    // Each run mounts a new run view, numbered by the run.
    await page
      .waitForSelector(`.run-view[data-run="${i + 1}"]`, { timeout: 60_000 })
      .catch(async (e) => {
        const shown = await page.locator('[data-testid=results]').innerText();
        throw new Error(`run ${i + 1} drew no diagram: ${shown.slice(0, 400)}`, { cause: e });
      });
    times.push(Number(await page.getAttribute('.run-view', 'data-layout-us')) / 1000);
    boxes = await page.locator('[data-testid=diagram-node]').count();
  }
  report({ runs, layout_median_ms: median(times), layout_max_ms: Math.max(...times), boxes });
} finally {
  await browser.close();
  await stat.stop();
  server.close();
}
