// Shared steps for the browser tests, written against the UI contract: fields by their visible label,
// results by data-testid.
import { expect } from '@playwright/test';

/** Server URLs published by harness/global-setup.js. */
export const env = {
  app: process.env.E2E_APP_URL,
  staticOrigin: process.env.E2E_STATIC_ORIGIN,
  fake: process.env.E2E_FAKE,
  fakeCors: process.env.E2E_FAKE_CORS,
  fakeSlow: process.env.E2E_FAKE_SLOW,
  fakeThrottle: process.env.E2E_FAKE_THROTTLE,
  fakeLimited: process.env.E2E_FAKE_LIMITED,
  proxy: process.env.E2E_PROXY,
  proxyRefusing: process.env.E2E_PROXY_REFUSING,
  corsAnywhere: process.env.E2E_CORS_ANYWHERE,
  template: process.env.E2E_TEMPLATE,
  lcpBase: process.env.E2E_LCP_BASE,
  odd: process.env.E2E_ODD,
  closedPort: process.env.E2E_CLOSED_PORT_URL,
};

export const SIM_PATH = '/api/v2/architect/simulations';

let scenarioCache;
/** The demo cases of fake-genesys (`GET /_fake/scenarios`). */
export async function scenarios() {
  if (!scenarioCache) {
    const r = await fetch(`${env.fake}/_fake/scenarios`);
    if (!r.ok) throw new Error(`GET /_fake/scenarios: HTTP ${r.status}`);
    scenarioCache = await r.json();
  }
  return scenarioCache;
}

/** The first scenario with this outcome (and, optionally, whose name matches). */
export async function scenario(outcome, nameMatch) {
  const all = await scenarios();
  const s = all.find((x) => x.outcome === outcome && (!nameMatch || nameMatch.test(x.name)));
  if (!s) throw new Error(`fake-genesys has no scenario with outcome ${outcome} ${nameMatch ?? ''}`);
  return s;
}

/** The app URL with query parameters (never the token). */
export function appUrl(params = {}) {
  const q = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== null));
  const s = q.toString();
  return s ? `${env.app}?${s}` : env.app;
}

/** Connection parameters for the app: through flowsim-proxy to the CORS-less fake (the real path). */
export function viaProxy(api = env.fake, backend = 'remote') {
  return { api, proxyStyle: 'prefix', proxy: env.proxy, backend };
}

/** Direct to a fake that sends CORS headers. */
export function direct(api, backend = 'remote') {
  return { api, proxyStyle: 'none', backend };
}

/** Opens the app and waits until the WASM app has rendered its form. */
export async function openApp(page, params = {}) {
  await page.goto(appUrl(params));
  await expect(simulateButton(page)).toBeVisible({ timeout: 30_000 });
}

export function simulateButton(page) {
  return page.getByRole('button', { name: 'Simulate', exact: true });
}

export function field(page, label) {
  return page.getByLabel(label, { exact: true });
}

/** Opens the "Advanced options" disclosure if it is closed. */
export async function openAdvanced(page) {
  const details = page.locator('details', { has: page.locator('summary', { hasText: 'Advanced options' }) });
  if (!(await details.evaluate((d) => d.open))) {
    await details.locator('summary').click();
  }
  await expect(details).toHaveJSProperty('open', true);
}

/** Fills the lookup fields; only the given ones. */
export async function fillLookup(page, { token, flowId, nodeId, phone, timeoutMs }) {
  if (token !== undefined) await field(page, 'Access token').fill(token);
  if (flowId !== undefined) await field(page, 'Flow ID').fill(flowId);
  if (nodeId !== undefined) await field(page, 'Start at').fill(nodeId);
  if (phone !== undefined) await field(page, 'Phone number').fill(phone);
  if (timeoutMs !== undefined) {
    await openAdvanced(page);
    await field(page, 'Timeout (ms)').fill(String(timeoutMs));
  }
}

/** Fills a scenario's token, flow, node, phone (and timeout). */
export function fillScenario(page, s, overrides = {}) {
  return fillLookup(page, {
    token: s.token,
    flowId: s.flowId,
    nodeId: s.nodeId,
    phone: s.phone,
    timeoutMs: s.timeoutMs,
    ...overrides,
  });
}

/**
 * Counts DOM changes inside `[data-testid=results]`, so that a run can be told apart from the previous one
 * even when it is faster than a frame.
 */
async function armResultsWatch(page) {
  return page.evaluate(() => {
    if (!window.__e2eResults) {
      window.__e2eResults = { changes: 0 };
      const inResults = (n) =>
        n && n.nodeType === 1 && (n.closest?.('[data-testid=results]') || n.querySelector?.('[data-testid=results]'));
      new MutationObserver((ms) => {
        for (const m of ms) {
          if (inResults(m.target) || [...m.addedNodes].some(inResults) || [...m.removedNodes].some(inResults)) {
            window.__e2eResults.changes++;
          }
        }
      }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    }
    return window.__e2eResults.changes;
  });
}

/** Waits until a run that started after `before` changes has finished and its summary is shown. */
export async function waitForRunEnd(page, before, timeout = 30_000) {
  await page.waitForFunction(
    (b) =>
      window.__e2eResults.changes > b &&
      !document.querySelector('[data-testid=results][aria-busy=true]') &&
      !!document.querySelector('[data-testid=summary][data-verdict]'),
    before,
    { timeout, polling: 50 },
  );
}

/** Clicks Simulate (or runs `trigger`) and waits for the run's summary. Returns the summary locator. */
export async function simulate(page, { timeout = 30_000, trigger } = {}) {
  const before = await armResultsWatch(page);
  if (trigger) await trigger();
  else await simulateButton(page).click();
  await waitForRunEnd(page, before, timeout);
  return page.getByTestId('summary');
}

/** Starts a run without waiting for it; returns a function that waits for its end. */
export async function startSimulate(page) {
  const before = await armResultsWatch(page);
  await simulateButton(page).click();
  return (timeout = 30_000) => waitForRunEnd(page, before, timeout);
}

export async function expectVerdict(page, verdict) {
  await expect(page.getByTestId('summary')).toHaveAttribute('data-verdict', verdict);
}

export function errorBox(page) {
  return page.locator('[data-testid=error][role=alert]');
}

/** An error of `kind` is shown, with these texts in it. */
export async function expectError(page, kind, texts = []) {
  await expectVerdict(page, 'error');
  const e = errorBox(page);
  await expect(e).toBeVisible();
  await expect(e).toHaveAttribute('data-kind', kind);
  for (const t of texts) await expect(e).toContainText(t);
  return e;
}

/** Summary "found" with the contact's name, "HTTP 200" and a duration in ms. */
export async function expectFound(page, name) {
  await expectVerdict(page, 'found');
  const summary = page.getByTestId('summary');
  if (name) await expect(summary).toContainText(name);
  await expect(summary).toContainText('HTTP 200');
  await expect(summary).toContainText(/\d\s?ms\b/);
}

/** Selects an option of a labelled select by its visible text. */
export async function selectByText(page, label, text) {
  await field(page, label).selectOption({ label: text });
}

/** Everything the page keeps: storages, cookies and its URL, as one string to search. */
export async function persistedState(page) {
  const inPage = await page.evaluate(() => {
    const dump = (s) => {
      const o = {};
      for (let i = 0; i < s.length; i++) o[s.key(i)] = s.getItem(s.key(i));
      return o;
    };
    return { local: dump(localStorage), session: dump(sessionStorage), cookie: document.cookie, url: location.href };
  });
  const cookies = await page.context().cookies();
  return { ...inPage, cookies, all: JSON.stringify({ ...inPage, cookies }) };
}

/** The page errors (uncaught exceptions) seen while the test ran. */
export function collectPageErrors(page) {
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

/**
 * Records every text the 429 countdown shows, from inside the page, so a test can assert what the user saw
 * even when the machine is too busy for an assertion to poll within a one-second window.
 */
export async function recordCountdowns(page) {
  await page.evaluate(() => {
    window.__countdowns = [];
    const seen = () => {
      const el = document.querySelector('[data-testid=retry-countdown]');
      const text = el?.textContent ?? null;
      if (text && window.__countdowns[window.__countdowns.length - 1] !== text) window.__countdowns.push(text);
    };
    new MutationObserver(seen).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  return () => page.evaluate(() => window.__countdowns);
}

/** Fills a whole-flow scenario: caller, start, the simulated time (UTC) and the inputs. */
export async function fillFlowScenario(page, s) {
  await field(page, 'Access token').fill(s.token);
  await field(page, 'Flow ID').fill(s.flowId);
  await field(page, 'Start at').fill(s.start ?? '');
  await field(page, 'Phone number').fill(s.phone);
  await field(page, 'Time zone').fill('UTC');
  await field(page, 'Time').fill(s.at.replace(/Z$/, '').slice(0, 19));
  await field(page, 'Inputs').fill((s.inputs ?? []).join(', '));
  const flowInputs = Object.entries(s.flowInputs ?? {}).map(([k, v]) => `${k} = ${typeof v === 'string' ? v : JSON.stringify(v)}`);
  if (flowInputs.length) {
    await openAdvanced(page);
    await field(page, 'Flow inputs').fill(flowInputs.join('\n'));
  }
}
