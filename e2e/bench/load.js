// Bench (e): cold load to interactive, flowsim against an empty Yew 0.23 app built the same way (Trunk release,
// wasm-opt -Oz), both served gzip-compressed by one static server, in headless Chromium with the cache disabled and
// the network throttled (CDP: 40 ms latency, 10 Mbit/s down and up). Runs alternate between the two apps (and
// which goes first), each in a fresh browser context; the figure is the ratio of the medians.
//
// "Interactive" is the same for both pages: a button labelled "Simulate" is rendered (has a box), enabled, and a
// click on it is handled. Both pages are empty until Yew renders, so the button exists only once the wasm runs and
// its handlers are attached. A probe installed before any page script watches the DOM; the moment the button is
// usable it records the time (ms since navigation start) and clicks it, then waits for the page's answer to the
// click: flowsim's field errors (Simulate on an empty form) or the empty app's "clicked" line. No answer, no figure.
//
//   node bench/load.js --empty-dist DIR [--runs 11] [--warmup 1]
// (flowsim's build comes from FLOWSIM_DIST, served under /flowsim/; the empty app's is served under /empty-yew/.)
import { DIST } from '../harness/env.js';
import { launchBrowser, arg, median, report } from './common.js';
import { startGzipStatic } from './gzip-static.js';

const runs = Number(arg('--runs', 11));
const warmup = Number(arg('--warmup', 1));
const emptyDist = arg('--empty-dist', process.env.EMPTY_YEW_DIST);
if (!emptyDist) throw new Error('--empty-dist DIR (the empty Yew app, built with --public-url /empty-yew/) is required');
if (!(runs >= 7)) throw new Error(`--runs must be at least 7 (got ${runs})`);

/** Throttling, as Chrome DevTools applies it: latency is added to every request, throughput in bytes/s. */
const LATENCY_MS = 40;
const BYTES_PER_S = (10 * 1_000_000) / 8;
const TIMEOUT_MS = 60_000;

const APPS = [
  { name: 'flowsim', mount: '/flowsim/', dist: DIST, answer: '[data-testid=field-error]' },
  { name: 'empty-yew', mount: '/empty-yew/', dist: emptyDist, answer: '[data-testid=clicked]' },
];

/** Runs in the page before its own scripts (see the header comment). */
function probe({ label, answer }) {
  if (window.top !== window) return;
  let ready = null;
  const check = () => {
    if (ready === null) {
      const b = [...document.querySelectorAll('button')].find((x) => x.textContent.trim() === label);
      if (!b || b.disabled || !b.checkVisibility()) return;
      ready = performance.now();
      b.click();
    }
    if (document.querySelector(answer)) {
      observer.disconnect();
      window.__benchLoad = { ready, answered: performance.now() };
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { childList: true, subtree: true, attributes: true, characterData: true });
}

const server = await startGzipStatic(Object.fromEntries(APPS.map((a) => [a.mount, a.dist])));
const browser = await launchBrowser();

/** One cold load of app in a fresh context; returns the probe's times and what the network emulation did. */
async function loadOnce(app) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // An unhandled click on flowsim's submit button would submit the form natively: a second navigation.
    let navigations = 0;
    page.on('framenavigated', (f) => {
      if (f === page.mainFrame()) navigations += 1;
    });
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: LATENCY_MS,
      downloadThroughput: BYTES_PER_S,
      uploadThroughput: BYTES_PER_S,
    });
    await page.addInitScript(probe, { label: 'Simulate', answer: app.answer });
    await page.goto(server.url + app.mount, { waitUntil: 'commit', timeout: TIMEOUT_MS });
    try {
      await page.waitForFunction(() => window.__benchLoad, null, { timeout: TIMEOUT_MS, polling: 50 });
    } catch (e) {
      throw new Error(`${app.name}: no usable Simulate button answering a click within ${TIMEOUT_MS} ms` +
        (errors.length ? ` (page errors: ${errors.join('; ')})` : '') + `: ${e.message}`);
    }
    if (errors.length) throw new Error(`${app.name}: page errors: ${errors.join('; ')}`);
    if (navigations !== 1) throw new Error(`${app.name}: the page navigated ${navigations} times: the click was not handled`);
    const times = await page.evaluate(() => window.__benchLoad);
    // The wasm download, to show the throttling took effect: it cannot beat latency + size / throughput.
    const wasm = await page.evaluate(() => {
      const e = performance.getEntriesByType('resource').find((r) => r.name.endsWith('.wasm'));
      return e && { ms: e.responseEnd - e.requestStart, bytes: e.encodedBodySize, decoded: e.decodedBodySize };
    });
    if (!wasm) throw new Error(`${app.name}: the page loaded no .wasm file`);
    return { ...times, wasm };
  } finally {
    await context.close();
  }
}

try {
  const results = Object.fromEntries(APPS.map((a) => [a.name, []]));
  for (let i = 0; i < warmup + runs; i++) {
    // Alternate apps, and which of them goes first, so neither always follows the other.
    const order = i % 2 === 0 ? APPS : [...APPS].reverse();
    for (const app of order) {
      const r = await loadOnce(app);
      const floor = LATENCY_MS + (r.wasm.bytes / BYTES_PER_S) * 1000;
      if (r.wasm.ms < 0.9 * floor) {
        throw new Error(`${app.name}: the ${r.wasm.bytes}-byte wasm arrived in ${r.wasm.ms.toFixed(1)} ms, faster than ` +
          `the emulated network allows (${floor.toFixed(1)} ms): the throttling did not apply`);
      }
      if (r.wasm.bytes >= r.wasm.decoded) {
        throw new Error(`${app.name}: the wasm came uncompressed (${r.wasm.bytes} B on the wire)`);
      }
      const tag = i < warmup ? 'warmup' : `run ${i - warmup + 1}`;
      console.log(
        `${tag} ${app.name}: usable ${r.ready.toFixed(1)} ms, click answered ${r.answered.toFixed(1)} ms ` +
          `(wasm ${r.wasm.bytes} B gzip in ${r.wasm.ms.toFixed(1)} ms)`,
      );
      if (i >= warmup) results[app.name].push(r);
    }
  }
  const med = (name, k) => median(results[name].map((r) => r[k]));
  const app = med('flowsim', 'ready');
  const empty = med('empty-yew', 'ready');
  for (const a of APPS) {
    console.log(`${a.name} usable (ms): ${results[a.name].map((r) => r.ready.toFixed(1)).join(' ')}`);
  }
  report({
    runs,
    app_ms: app,
    empty_ms: empty,
    ratio: app / empty,
    app_answered_ms: med('flowsim', 'answered'),
    empty_answered_ms: med('empty-yew', 'answered'),
    app_served_gzip: server.served['/flowsim/'].gzip,
    empty_served_gzip: server.served['/empty-yew/'].gzip,
  });
} finally {
  await browser.close();
  await server.stop();
}
