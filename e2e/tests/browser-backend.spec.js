// Issue 4: the in-browser simulation against the real Platform API (played by fake-genesys), through
// flowsim-proxy: pick a flow, pick a node, run, and every error on these calls.
import { test, expect } from '@playwright/test';
import {
  env,
  scenario,
  scenarios,
  openApp,
  viaProxy,
  fillLookup,
  fillScenario,
  field,
  simulate,
  startSimulate,
  recordCountdowns,
  expectVerdict,
  expectFound,
  expectError,
  errorBox,
} from './helpers.js';

const browser = (api = env.fake) => viaProxy(api, 'browser');

async function openFlowPicker(page, token) {
  await field(page, 'Access token').fill(token);
  await page.getByRole('button', { name: 'Browse flows' }).click();
  const picker = page.getByTestId('flow-picker');
  await expect(picker).toBeVisible();
  return picker;
}

test('the Simulation choice offers both backends', async ({ page }) => {
  await openApp(page, browser());
  const sim = field(page, 'Simulation');
  await expect(sim).toHaveValue('browser');
  const opts = await sim.locator('option').evaluateAll((os) => os.map((o) => [o.value, o.textContent.trim()]));
  expect(opts).toEqual(
    expect.arrayContaining([
      ['browser', 'In the browser (Genesys Cloud APIs)'],
      ['remote', 'Remote endpoint (POST /api/v2/architect/simulations)'],
    ]),
  );
});

test('pick a flow (search, type filter, paging), pick a node (lookups first), then found', async ({ page }) => {
  const s = await scenario('found', /Ada/);
  await openApp(page, browser());
  const picker = await openFlowPicker(page, s.token);
  const rows = picker.getByTestId('flow-option');
  await expect(rows.first()).toBeVisible();

  // Paging over every type.
  const typeSelect = picker.getByLabel('Flow type');
  const anyType = await typeSelect
    .locator('option')
    .evaluateAll((os) => os.find((o) => /^\s*(all|any)\b/i.test(o.textContent))?.value ?? null);
  if (anyType !== null) {
    await typeSelect.selectOption(anyType);
    await expect(picker.getByRole('button', { name: 'Next page' })).toBeEnabled();
    const firstPage = await rows.allTextContents();
    await picker.getByRole('button', { name: 'Next page' }).click();
    await expect(rows.first()).not.toHaveText(firstPage[0]);
    await picker.getByRole('button', { name: 'Previous page' }).click();
    await expect(rows.first()).toHaveText(firstPage[0]);
  }

  // Type filter: the messaging flow is listed under its own type, not under inbound call.
  const messagingType = await typeSelect
    .locator('option')
    .evaluateAll((os) => os.find((o) => /message|sms/i.test(o.textContent) && /inbound/i.test(o.textContent))?.value ?? null);
  expect(messagingType, 'a Flow type option for inbound message flows').not.toBeNull();
  await typeSelect.selectOption(messagingType);
  await expect(rows.filter({ hasText: 'Messaging Contact Search' })).toHaveCount(1);
  await expect(rows.filter({ hasText: 'Caller Lookup' })).toHaveCount(0);

  // Search, back on inbound call flows.
  const callType = await typeSelect
    .locator('option')
    .evaluateAll((os) => os.find((o) => /inbound/i.test(o.textContent) && /call/i.test(o.textContent))?.value ?? null);
  await typeSelect.selectOption(callType);
  await picker.getByLabel('Search flows').fill('Caller');
  const row = rows.filter({ hasText: 'Caller Lookup' });
  await expect(row).toHaveCount(1);
  await expect(rows.filter({ hasText: 'After Hours' })).toHaveCount(0);
  await expect(row).toContainText(/inbound ?call/i);
  await expect(row).toContainText(/\d/); // published version
  await row.click();
  await expect(field(page, 'Flow ID')).toHaveValue(s.flowId);

  // Nodes: grouped, external contact actions first; containers are not offered.
  await page.getByRole('button', { name: 'Browse nodes' }).click();
  const nodePicker = page.getByTestId('node-picker');
  await expect(nodePicker).toBeVisible();
  const nodes = nodePicker.getByTestId('node-option');
  await expect(nodes.first()).toContainText('GetExternalContactAction');
  await expect(nodes.first()).toContainText(s.nodeId);
  expect(await nodePicker.getByTestId('node-group').count()).toBeGreaterThan(0);
  const all = (await nodes.allTextContents()).join('\n');
  expect(all).not.toContain('b72c292f-c6cd-4e79-90a1-f26d6626a90c'); // the Task itself
  await nodes.first().click();
  await expect(field(page, 'Start at')).toHaveValue(s.nodeId);

  await field(page, 'Phone number').fill(s.phone);
  await simulate(page);
  await expectFound(page, 'Ada Lovelace');
  const card = page.getByTestId('contact-card');
  await expect(card).toContainText('+15551234567');
  await expect(card).toContainText('ada.lovelace@example.com');
});

test('no match: not_found, showing the E.164 form that was searched', async ({ page }) => {
  const s = await scenario('not_found');
  await openApp(page, browser());
  await fillScenario(page, s);
  await simulate(page);
  await expectVerdict(page, 'not_found');
  await expect(page.locator('[data-testid=results]')).toContainText('+15559999999');
  await expect(page.locator('[data-testid=results]')).toContainText(/Not Found/);
});

test('several matches: multiple_matches, with the Multiple Matches path', async ({ page }) => {
  const s = await scenario('multiple_matches');
  await openApp(page, browser());
  await fillScenario(page, s);
  await simulate(page);
  await expectVerdict(page, 'multiple_matches');
  await expect(page.locator('[data-testid=results]')).toContainText(/Multiple Matches/);
});

test('found by search (Exact Match) for a UK number', async ({ page }) => {
  const s = await scenario('found', /Grace/);
  await openApp(page, browser());
  await fillScenario(page, s);
  await simulate(page);
  await expectFound(page, 'Grace Hopper');
});

test('an unknown contact id: not_found, and the trace says how the id was looked up', async ({ page }) => {
  const s = await scenario('found', /Ada/);
  const unknownId = '0badc0de-0000-4000-8000-00000000c0de';
  await openApp(page, browser());
  await fillScenario(page, s, { phone: unknownId });
  // The engine takes an External Contact ID as the lookup key (GET /api/v2/externalcontacts/contacts/{id}),
  // so the form must let one through.
  await expect(page.getByText(/the phone number contains/i), 'Phone number must accept a contact id (GUID)').toHaveCount(0);
  await simulate(page);
  await expectVerdict(page, 'not_found');
  await expect(page.locator('[data-testid=results]')).toContainText(unknownId);
});

test('a flow without external contact actions: the node picker says so', async ({ page }) => {
  const s = await scenario('no_lookup');
  await openApp(page, browser());
  await fillLookup(page, { token: s.token, flowId: s.flowId });
  await page.getByRole('button', { name: 'Browse nodes' }).click();
  await expect(page.getByTestId('node-picker')).toContainText('This flow has no external contact action');
  await fillScenario(page, s);
  await simulate(page);
  await expectVerdict(page, 'no_lookup');
});

const errorCases = [
  { outcome: 'unauthorized', kind: 'Unauthorized', status: 401 },
  { outcome: 'forbidden', kind: 'Forbidden', status: 403 },
  { outcome: 'not_found_flow', kind: 'NotFound', status: 404 },
];

for (const c of errorCases) {
  test(`${c.status} on the Platform API calls: ${c.kind}`, async ({ page }) => {
    const s = await scenario(c.outcome);
    await openApp(page, browser());
    await fillScenario(page, s);
    await simulate(page);
    await expectError(page, c.kind, [`HTTP ${c.status}`, 'Code:', 'Correlation ID:']);
  });
}

test('401 and 403 in the flow picker are shown as errors', async ({ page }) => {
  const expired = (await scenarios()).find((x) => x.outcome === 'unauthorized');
  const noPerm = (await scenarios()).find((x) => x.outcome === 'forbidden');
  await openApp(page, browser());
  const picker = await openFlowPicker(page, expired.token);
  await expect(picker.locator('[data-testid=error][role=alert]')).toHaveAttribute('data-kind', 'Unauthorized');
  // A new token, and the picker opened again, asks again.
  await picker.getByRole('button', { name: 'Close' }).click();
  const again = await openFlowPicker(page, noPerm.token);
  await expect(again.locator('[data-testid=error][role=alert]')).toHaveAttribute('data-kind', 'Forbidden');
});

test.describe('429 on the Platform API calls', () => {
  test.describe.configure({ mode: 'serial' });

  test('throttled-token: each call waits out its 429s and the run is found', async ({ page }) => {
    const s = await scenario('found', /Rate limited/);
    await openApp(page, browser(env.fakeThrottle));
    await fillScenario(page, s);
    const countdowns = await recordCountdowns(page);
    const done = await startSimulate(page);
    await done(60_000);
    await expectFound(page, 'Ada Lovelace');
    const shown = await countdowns();
    expect(shown.some((t) => /Rate limited \(429\): retrying in \d+ s/.test(t)), shown.join(' | ')).toBe(true);
  });

  test('always-throttled-token: RateLimited, HTTP 429', async ({ page }) => {
    const s = await scenario('rate_limited');
    await openApp(page, browser(env.fakeThrottle));
    await fillScenario(page, s);
    await simulate(page, { timeout: 30_000 });
    await expectError(page, 'RateLimited', ['HTTP 429']);
    await expect(errorBox(page)).toBeVisible();
  });
});
