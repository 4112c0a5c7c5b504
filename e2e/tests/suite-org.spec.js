// Test suites against the demo org through flowsim-proxy: two versions of the Customer Service IVR side by side
// ("what does my change do to callers?"), and the org's reads kept for the next run only when the user asks.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { env, openApp, viaProxy, field, collectPageErrors } from './helpers.js';

const DEMO_SUITE = readFileSync(
  fileURLToPath(new URL('../../crates/fake-genesys/suites/demo.json', import.meta.url)),
  'utf8',
);

async function openPanel(page) {
  await openApp(page, viaProxy(env.fake, 'browser'));
  await field(page, 'Access token').fill('demo-token');
  const panel = page.getByTestId('suite-panel');
  await panel.getByLabel('Suite', { exact: true }).fill(DEMO_SUITE);
  await expect(panel.getByTestId('suite-count')).toHaveText('9 cases');
  return panel;
}

/** Counts the requests the page sends to the org (through the proxy) from now on. */
function countOrgRequests(page) {
  const seen = [];
  page.on('request', (r) => {
    if (r.url().startsWith(env.proxy) && r.method() !== 'OPTIONS') seen.push(new URL(r.url()).pathname);
  });
  return seen;
}

test('a published version and the saved configuration side by side: the changed cases, each difference stated', async ({
  page,
}) => {
  const errors = collectPageErrors(page);
  const panel = await openPanel(page);
  await panel.getByRole('button', { name: 'List versions' }).click();
  const select = panel.getByLabel('Published version');
  await expect(select.locator('option')).toHaveText(['2.0 (Customer Service IVR)', '1.0 (Customer Service IVR)']);
  await select.selectOption('1.0');
  await panel.getByRole('button', { name: 'Compare with saved' }).click();

  await expect(panel.getByTestId('suite-progress')).toContainText('18 / 18 cases');
  await expect(panel.getByTestId('suite-changes-count')).toHaveText(
    '2 of 9 cases changed from version 1.0 to the saved configuration',
  );
  // In 1.0 a key-account VIP went to Support; the saved configuration sends Ada to Gold.
  const change = "target 'Gold' (was 'Support'); path at step 8: 'Transfer to Gold queue' (was 'Transfer to Support queue')";
  await expect(panel.getByTestId('suite-change')).toHaveText([
    `VIP key account: ${change}`,
    `Ada again (read from the run's cache): ${change}`,
  ]);
  // The rows are the saved configuration's run, checked against the suite's expectations.
  await expect(panel.getByTestId('suite-row')).toHaveCount(9);
  await expect(panel.getByTestId('suite-tally')).toContainText('9 passed, 0 failed, 0 recorded');

  // The saved configuration against its own published copy: nothing changed.
  await select.selectOption('2.0');
  await panel.getByRole('button', { name: 'Compare with saved' }).click();
  await expect(panel.getByTestId('suite-changes-count')).toHaveText(
    '0 of 9 cases changed from version 2.0 to the saved configuration',
  );
  await expect(panel.getByTestId('suite-change')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('"Reuse org reads from the last run": on, a second run reads nothing; off, it reads again', async ({ page }) => {
  const panel = await openPanel(page);
  const requests = countOrgRequests(page);
  const tally = panel.getByTestId('suite-tally');
  const reuse = panel.getByLabel('Reuse org reads from the last run');
  await expect(reuse).not.toBeChecked();
  await reuse.check();

  await panel.getByRole('button', { name: 'Run suite' }).click();
  await expect(tally).toContainText('9 passed, 0 failed, 0 recorded');
  const first = requests.length;
  expect(first).toBeGreaterThan(3);
  expect(requests.filter((p) => p.endsWith('/api/v2/flows/6712b20c-7d19-4717-bfdf-17c10c8968ae/latestconfiguration'))).toHaveLength(1);
  // Each distinct read once, even with cases in flight together.
  expect(new Set(requests).size).toBe(first);
  await expect(tally).toContainText(`API calls: ${first} sent`);

  // Again, reusing the reads: nothing goes to the org, and the results are the same.
  await panel.getByRole('button', { name: 'Run suite' }).click();
  await expect(tally).toContainText('API calls: 0 sent');
  await expect(tally).toContainText('9 passed, 0 failed, 0 recorded');
  expect(requests.length).toBe(first);

  // Off: the next run reads again.
  await reuse.uncheck();
  await panel.getByRole('button', { name: 'Run suite' }).click();
  await expect(tally).toContainText(`API calls: ${first} sent`);
  await expect(tally).toContainText('9 passed, 0 failed, 0 recorded');
  expect(requests.length).toBe(2 * first);
});
