// Issue 2: the simulation contract end to end, in the release build served from /flowsim/, against
// fake-genesys through flowsim-proxy (the real path: the fake sends no CORS headers).
import { test, expect } from '@playwright/test';
import {
  env,
  scenario,
  openApp,
  viaProxy,
  direct,
  fillScenario,
  field,
  simulate,
  startSimulate,
  simulateButton,
  expectVerdict,
  expectFound,
  expectError,
  errorBox,
  persistedState,
  collectPageErrors,
  recordCountdowns,
} from './helpers.js';

test.describe('the app', () => {
  test('loads from the /flowsim/ sub-path: index, JS and WASM with the right types', async ({ page }) => {
    const errors = collectPageErrors(page);
    const wasm = page.waitForResponse((r) => r.url().endsWith('.wasm'));
    await openApp(page);
    const w = await wasm;
    expect(w.status()).toBe(200);
    expect(new URL(w.url()).pathname.startsWith('/flowsim/')).toBe(true);
    expect(w.headers()['content-type']).toBe('application/wasm');
    for (const label of ['API base URL', 'Region', 'Proxy style', 'CORS proxy', 'Access token', 'Flow ID', 'Start at', 'Phone number', 'Simulation']) {
      await expect(field(page, label), `field "${label}"`).toBeVisible();
    }
    await expect(field(page, 'Access token')).toHaveAttribute('type', 'password');
    await expect(page.getByLabel('Remember token on this device')).not.toBeChecked();
    expect(errors).toEqual([]);
  });

  test('demo=1 fills in the first scenario, token included, and it is found', async ({ page }) => {
    const first = (await (await fetch(`${env.fake}/_fake/scenarios`)).json())[0];
    await openApp(page, { demo: 1, ...viaProxy() });
    await expect(field(page, 'Flow ID')).toHaveValue(first.flowId);
    await expect(field(page, 'Start at')).toHaveValue(first.nodeId);
    await expect(field(page, 'Access token')).not.toHaveValue('');
    expect(page.url()).not.toContain(first.token);
    await simulate(page);
    await expectFound(page, first.contactName);
  });
});

test.describe('outcomes', () => {
  test('found: summary, trace steps and the contact card with its attributes', async ({ page }) => {
    const s = await scenario('found', /Ada/);
    await openApp(page, viaProxy());
    await fillScenario(page, s);
    await simulate(page);
    await expectFound(page, 'Ada Lovelace');
    const steps = page.getByTestId('trace-step');
    expect(await steps.count()).toBeGreaterThan(1);
    const lookup = page.locator('[data-testid=trace-step][data-node-type=GetExternalContactAction]');
    await expect(lookup).toHaveCount(1);
    const card = lookup.getByTestId('contact-card');
    await expect(card).toBeVisible();
    await expect(card).toContainText('Ada Lovelace');
    await expect(card).toContainText('ada.lovelace@example.com');
    await expect(card).toContainText(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    expect(await card.getByTestId('contact-attribute').count()).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Show raw JSON' }).click();
    await expect(page.getByTestId('raw-json')).toBeVisible();
    await expect(page.getByTestId('raw-json')).toContainText('"trace"');
  });

  test('not found: verdict not_found, no contact card', async ({ page }) => {
    const s = await scenario('not_found');
    await openApp(page, viaProxy());
    await fillScenario(page, s);
    await simulate(page);
    await expectVerdict(page, 'not_found');
    await expect(page.getByTestId('summary')).toContainText('HTTP 200');
    await expect(page.locator('[data-testid=trace-step][data-node-type=GetExternalContactAction]')).toHaveCount(1);
  });

  test('multiple matches: verdict multiple_matches', async ({ page }) => {
    const s = await scenario('multiple_matches');
    await openApp(page, viaProxy());
    await fillScenario(page, s);
    await simulate(page);
    await expectVerdict(page, 'multiple_matches');
  });

  test('a flow without a lookup: verdict no_lookup', async ({ page }) => {
    const s = await scenario('no_lookup');
    await openApp(page, viaProxy());
    await fillScenario(page, s);
    await simulate(page);
    await expectVerdict(page, 'no_lookup');
    await expect(page.locator('[data-testid=trace-step][data-node-type=GetExternalContactAction]')).toHaveCount(0);
  });

  test('Ctrl+Enter in a field runs Simulate', async ({ page }) => {
    const s = await scenario('found', /Ada/);
    await openApp(page, viaProxy());
    await fillScenario(page, s);
    await simulate(page, { trigger: () => field(page, 'Phone number').press('Control+Enter') });
    await expectFound(page, 'Ada Lovelace');
  });

  test('the next-request preview shows the final URL and never the token', async ({ page }) => {
    const s = await scenario('found', /Ada/);
    await openApp(page, viaProxy());
    await fillScenario(page, s);
    const preview = page.getByTestId('next-url');
    await expect(preview).toContainText(`${env.proxy}${env.fake}/api/v2/architect/simulations`);
    await expect(preview).not.toContainText(s.token);
  });
});

// Each error, then a found run on the same page: nothing from the network breaks the next run.
const httpErrors = [
  { outcome: 'bad_request', name: /Unknown node/, kind: 'BadRequest', status: 400 },
  { outcome: 'bad_request', name: /Container/, kind: 'BadRequest', status: 400 },
  { outcome: 'unauthorized', kind: 'Unauthorized', status: 401 },
  { outcome: 'forbidden', kind: 'Forbidden', status: 403 },
  { outcome: 'not_found_flow', kind: 'NotFound', status: 404 },
  { outcome: 'timeout', kind: 'ServerTimeout', status: 504 },
];

test.describe('errors a user can act on', () => {
  for (const c of httpErrors) {
    test(`${c.status} ${c.kind}${c.name ? ` (${c.name.source})` : ''}, then the next run works`, async ({ page }) => {
      const s = await scenario(c.outcome, c.name);
      const ok = await scenario('found', /Ada/);
      const errors = collectPageErrors(page);
      await openApp(page, viaProxy());
      await fillScenario(page, s);
      await simulate(page);
      const e = await expectError(page, c.kind, [`HTTP ${c.status}`, 'Correlation ID:']);
      if (c.status !== 504) await expect(e).toContainText('Code:');
      await expect(page.getByTestId('summary')).toContainText(`HTTP ${c.status}`);
      await fillScenario(page, ok, { timeoutMs: s.timeoutMs ? 5000 : undefined });
      await simulate(page);
      await expectFound(page, 'Ada Lovelace');
      await expect(errorBox(page)).toHaveCount(0);
      expect(errors).toEqual([]);
    });
  }

  test('unreachable proxy (closed port): a Network error saying what to check, then the next run works', async ({ page }) => {
    const s = await scenario('found', /Ada/);
    await openApp(page, { ...viaProxy(), proxy: env.closedPort });
    await fillScenario(page, s);
    await simulate(page);
    const e = await expectError(page, 'Network');
    await expect(e).toContainText(/could not be reached/i);
    await expect(e).toContainText(new URL(env.closedPort).host);
    await field(page, 'CORS proxy').fill(env.proxy);
    await simulate(page);
    await expectFound(page, 'Ada Lovelace');
  });

  test('an HTML 502 page instead of JSON: HtmlPage with HTTP 502', async ({ page }) => {
    const s = await scenario('found', /Ada/);
    await openApp(page, direct(env.staticOrigin));
    await fillScenario(page, s);
    await simulate(page);
    await expectError(page, 'HtmlPage', ['HTTP 502']);
  });

  test('malformed JSON: MalformedJson, then the next run works', async ({ page }) => {
    const s = await scenario('found', /Ada/);
    await openApp(page, direct(env.odd));
    await fillScenario(page, s, { token: 'malformed-json' });
    await simulate(page);
    await expectError(page, 'MalformedJson');
    await fillScenario(page, s, { token: 'not-json' });
    await simulate(page);
    await expectError(page, 'NotJson');
    await field(page, 'API base URL').fill(env.fakeCors);
    await fillScenario(page, s);
    await simulate(page);
    await expectFound(page, 'Ada Lovelace');
  });

  test('invalid input (a phone number that is not one): says what is wrong and sends no request', async ({ page }) => {
    const s = await scenario('found', /Ada/);
    let requests = 0;
    page.on('request', (r) => {
      if (r.url().includes('/api/v2/')) requests++;
    });
    await openApp(page, viaProxy());
    await fillScenario(page, s, { phone: 'call me maybe' });
    await simulateButton(page).click();
    // Either an Input error in the results or a message at the field: the user is told about the phone number.
    const inputError = page.locator('[data-testid=error][role=alert][data-kind=Input]');
    const fieldMessage = page.getByText(/the phone number/i);
    await expect(inputError.or(fieldMessage).first()).toBeVisible();
    await expect(inputError.or(fieldMessage).first()).toContainText(/phone number/i);
    await page.waitForTimeout(300);
    expect(requests).toBe(0);
  });
});

test.describe('rate limits (429)', () => {
  test.describe.configure({ mode: 'serial' });

  test('throttled-token: a countdown, then found on a retry', async ({ page }) => {
    const s = await scenario('found', /Rate limited/);
    await openApp(page, viaProxy(env.fakeThrottle));
    await fillScenario(page, s);
    const countdowns = await recordCountdowns(page);
    const done = await startSimulate(page);
    await expect(page.locator('[data-testid=results][aria-busy=true]')).toBeVisible();
    await done();
    await expectFound(page, s.contactName);
    const shown = await countdowns();
    expect(shown.some((t) => /Rate limited \(429\): retrying in \d+ s \(retry 1 of 3\)/.test(t)), shown.join(' | ')).toBe(true);
  });

  test('always-throttled-token: RateLimited with HTTP 429 after the retries', async ({ page }) => {
    const s = await scenario('rate_limited');
    await openApp(page, viaProxy(env.fakeThrottle));
    await fillScenario(page, s);
    const countdowns = await recordCountdowns(page);
    const done = await startSimulate(page);
    await done();
    await expectError(page, 'RateLimited', ['HTTP 429', 'Correlation ID:']);
    const shown = await countdowns();
    for (const n of [1, 2, 3]) {
      expect(shown.some((t) => t.includes(`retry ${n} of 3`)), shown.join(' | ')).toBe(true);
    }
  });

  test('--rate-limit 2: the third run waits for Retry-After, and Cancel stops the wait', async ({ page }) => {
    const s = await scenario('found', /Ada/);
    await openApp(page, viaProxy(env.fakeLimited));
    await fillScenario(page, s);
    for (let i = 0; i < 2; i++) {
      await simulate(page);
      await expectFound(page, 'Ada Lovelace');
    }
    const done = await startSimulate(page);
    await expect(page.getByTestId('retry-countdown')).toContainText(/Rate limited \(429\): retrying in \d+ s/);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await done();
    await expectVerdict(page, 'cancelled');
  });
});

test('Cancel during a slow run gives "cancelled", and the next run works', async ({ page }) => {
  const s = await scenario('found', /Ada/);
  await openApp(page, direct(env.fakeSlow));
  await fillScenario(page, s);
  const done = await startSimulate(page);
  await expect(page.locator('[data-testid=results][aria-busy=true]')).toBeVisible();
  const cancel = page.getByRole('button', { name: 'Cancel' });
  await expect(cancel).toBeVisible();
  await cancel.click();
  await done(5_000);
  await expectVerdict(page, 'cancelled');
  await expect(simulateButton(page)).toBeEnabled();
  await simulate(page, { timeout: 20_000 });
  await expectFound(page, 'Ada Lovelace');
});

test('HTML and script in contact fields are shown as text and never run', async ({ page }) => {
  const s = await scenario('found', /HTML/);
  const errors = collectPageErrors(page);
  const dialogs = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    d.dismiss();
  });
  await openApp(page, viaProxy());
  await fillScenario(page, s);
  await simulate(page);
  await expectVerdict(page, 'found');
  const card = page.getByTestId('contact-card');
  await expect(card).toBeVisible();
  await expect(card).toContainText('<script>window.__xss=2</script>Mallory');
  await expect(card).toContainText('<img src=x onerror="window.__xss=1">');
  await page.getByRole('button', { name: 'Show raw JSON' }).click();
  await expect(page.getByTestId('raw-json')).toContainText('<script>');
  await page.waitForTimeout(300);
  expect(await page.evaluate(() => window.__xss)).toBeUndefined();
  await expect(card.locator('img, script, svg, iframe, object, embed')).toHaveCount(0);
  expect(await page.evaluate(() => [...document.querySelectorAll('[href], [src], [action], [formaction]')]
    .map((e) => e.getAttribute('href') ?? e.getAttribute('src') ?? e.getAttribute('action') ?? e.getAttribute('formaction'))
    .filter((v) => /^\s*(javascript|data|vbscript):/i.test(v)))).toEqual([]);
  expect(dialogs).toEqual([]);
  expect(errors).toEqual([]);
});

test('the token never reaches localStorage, sessionStorage, cookies or the URL', async ({ page }) => {
  const s = await scenario('found', /Ada/);
  const secret = 'e2e-DISTINCTIVE-token-7f3a9c1b';
  await openApp(page, viaProxy());
  await fillScenario(page, s);
  await simulate(page);
  await expectFound(page, 'Ada Lovelace');
  await field(page, 'Access token').fill(secret);
  await simulate(page);
  await expectError(page, 'Unauthorized', ['HTTP 401']);
  for (const token of [secret, s.token]) {
    const state = await persistedState(page);
    expect(state.all, `"${token}" found in ${state.all}`).not.toContain(token);
    expect(page.url()).not.toContain(token);
    await expect(page.getByTestId('next-url')).not.toContainText(token);
  }
  // The settings are remembered, the token is not.
  await page.reload();
  await expect(simulateButton(page)).toBeVisible();
  await expect(field(page, 'Access token')).toHaveValue('');
  expect((await persistedState(page)).all).not.toContain(secret);
});

test('long traces are paginated 100 steps per page', async ({ page }) => {
  const s = await scenario('found', /Ada/);
  await openApp(page, direct(env.odd));
  await fillScenario(page, s, { token: 'big-250' });
  await simulate(page);
  await expectFound(page, 'Ada Lovelace');
  await expect(page.getByText(/Steps 1\s*[–-]\s*100 of 250/).first()).toBeVisible();
  await expect(page.getByTestId('trace-step')).toHaveCount(100);
  await page.getByRole('button', { name: 'Next steps' }).first().click();
  await expect(page.getByText(/Steps 101\s*[–-]\s*200 of 250/).first()).toBeVisible();
  await page.getByRole('button', { name: 'Next steps' }).first().click();
  await expect(page.getByText(/Steps 201\s*[–-]\s*250 of 250/).first()).toBeVisible();
  await expect(page.getByTestId('trace-step')).toHaveCount(50);
  await page.getByRole('button', { name: 'Previous steps' }).first().click();
  await expect(page.getByText(/Steps 101\s*[–-]\s*200 of 250/).first()).toBeVisible();
});

test('a direct run to an API that allows CORS works without a proxy', async ({ page }) => {
  const s = await scenario('found', /Ada/);
  await openApp(page, direct(env.fakeCors));
  await fillScenario(page, s);
  await simulate(page);
  await expectFound(page, 'Ada Lovelace');
});
