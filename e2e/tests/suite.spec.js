// Test suites in the page: a suite of numbers run offline against a real flow configuration, with progress,
// results, traces, the baseline, the exports, and Cancel keeping the results so far (offline, and with org reads
// in flight).
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { env, openApp, viaProxy, direct, field, collectPageErrors } from './helpers.js';

const fixture = (p) => fileURLToPath(new URL(`../../crates/flowsim-core/tests/fixtures/${p}`, import.meta.url));
const FLOW = fixture('flowconfigs/call-deflection-inboundcall.json');
// Every case runs to Genesys' 10,000-action limit: a run of 1,000 lasts long enough to be cancelled.
const LOOP = fixture('bench/action-limit-loop.json');
// Each case reads its caller's number in the reverse whitepages, then a contact.
const LOOKUP = fixture('recorded/config-customer-lookup.json');

function numbers(n) {
  return Array.from({ length: n }, (_, i) => `+1317555${String(1000 + i).padStart(4, '0')}`).join('\n');
}

async function openPanel(page, flow = FLOW, connection = viaProxy(undefined, 'browser')) {
  await openApp(page, connection);
  const panel = page.getByTestId('suite-panel');
  await expect(panel).toBeVisible();
  await panel.getByLabel('Flow file (optional)').setInputFiles(flow);
  await expect(panel.getByTestId('suite-flow-name')).toHaveText(flow.split('/').pop());
  return panel;
}

/** Clicks an export button and returns the file the browser downloads: its name and text. */
async function downloaded(page, button) {
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  return { name: download.suggestedFilename(), text: readFileSync(await download.path(), 'utf8') };
}

test('100 numbers: progress, results with traces, baseline, a second run passes, exports', async ({ page }) => {
  const errors = collectPageErrors(page);
  const panel = await openPanel(page);
  await panel.getByLabel('Suite', { exact: true }).fill(numbers(100));
  await expect(panel.getByTestId('suite-count')).toHaveText('100 cases');
  await panel.getByRole('button', { name: 'Run suite' }).click();

  await expect(panel.getByTestId('suite-progress')).toContainText('100 / 100 cases');
  await expect(panel.getByTestId('suite-progress')).toContainText('cases/s');
  await expect(panel.getByTestId('suite-row')).toHaveCount(100);
  await expect(panel.getByTestId('suite-tally')).toHaveText('0 passed, 0 failed, 100 recorded');
  const first = panel.getByTestId('suite-row').first();
  await expect(first.locator('td').nth(0)).toHaveText('+13175551000');
  await expect(first.locator('td').nth(1)).toHaveText('transfer');
  await expect(first.locator('td').nth(2)).toHaveText('Customer Care Voice Queue');

  // A row opens its trace.
  await first.click();
  const trace = panel.getByTestId('suite-trace');
  await expect(trace).toBeVisible();
  await expect(trace.locator('li').last()).toHaveText("Outcome: transferred to queue 'Customer Care Voice Queue'");

  // The run becomes the baseline; run again: every case passes.
  await panel.getByRole('button', { name: 'Use results as expected' }).click();
  const text = await panel.getByLabel('Suite', { exact: true }).inputValue();
  const baseline = JSON.parse(text);
  expect(baseline.cases).toHaveLength(100);
  expect(baseline.cases[0].expect).toEqual({ outcome: 'transfer', target: 'Customer Care Voice Queue' });
  await panel.getByRole('button', { name: 'Run suite' }).click();
  await expect(panel.getByTestId('suite-tally')).toHaveText('100 passed, 0 failed, 0 recorded');

  // A changed expectation fails with what differed.
  baseline.cases[3].expect.target = 'Billing';
  await panel.getByLabel('Suite', { exact: true }).fill(JSON.stringify(baseline));
  await panel.getByRole('button', { name: 'Run suite' }).click();
  await expect(panel.getByTestId('suite-tally')).toHaveText('99 passed, 1 failed, 0 recorded');
  const failed = panel.getByTestId('suite-row').nth(3);
  await expect(failed.getByTestId('suite-verdict')).toHaveText('failed');
  await expect(failed.locator('td').nth(4)).toHaveText("target 'Customer Care Voice Queue' instead of 'Billing'");
  // Only the failed case, then all of them again.
  const onlyFailed = panel.getByLabel('Only failed cases');
  await onlyFailed.check();
  await expect(panel.getByTestId('suite-row')).toHaveCount(1);
  await expect(panel.getByTestId('suite-row').locator('td').first()).toHaveText('+13175551003');
  await onlyFailed.uncheck();
  await expect(panel.getByTestId('suite-row')).toHaveCount(100);

  // Exports: the suite with its expectations, the results as CSV and JSON.
  const exported = await downloaded(page, panel.getByRole('button', { name: 'Export suite (JSON)' }));
  expect(exported.name).toBe('suite.json');
  expect(JSON.parse(exported.text).cases[3].expect.target).toBe('Billing');
  const csv = await downloaded(page, panel.getByRole('button', { name: 'Export results (CSV)' }));
  expect(csv.name).toBe('results.csv');
  const lines = csv.text.trim().split('\n');
  expect(lines[0]).toBe('case,outcome,target,result,differences,description,path');
  expect(lines).toHaveLength(101);
  expect(lines[4].startsWith("'+13175551003,transfer,Customer Care Voice Queue,failed,")).toBe(true);
  const json = JSON.parse((await downloaded(page, panel.getByRole('button', { name: 'Export results (JSON)' }))).text);
  expect(json).toHaveLength(100);
  expect(json[3].result).toBe('failed');
  expect(errors).toEqual([]);
});

test('Cancel stops a 1,000-case run and keeps the results so far', async ({ page }) => {
  const panel = await openPanel(page, LOOP);
  await panel.getByLabel('Suite', { exact: true }).fill(numbers(1000));
  await panel.getByRole('button', { name: 'Run suite' }).click();
  // The page answers while the run goes on: results arrive, then Cancel is clicked.
  await expect(panel.getByTestId('suite-row').first()).toBeVisible();
  await panel.getByRole('button', { name: 'Cancel' }).click();
  await expect(panel.getByTestId('suite-cancelled')).toBeVisible();
  await expect(panel.getByRole('button', { name: 'Cancel' })).toHaveCount(0);
  const progress = await panel.getByTestId('suite-progress').textContent();
  const done = Number(progress.match(/^(\d+) \/ 1000 cases/)[1]);
  expect(done).toBeGreaterThan(0);
  expect(done).toBeLessThan(1000);
  await expect(panel.getByTestId('suite-row')).toHaveCount(Math.min(done, 100));
  await expect(panel.getByTestId('suite-tally')).toHaveText(`0 passed, 0 failed, ${done} recorded`);
});

test('250 results are shown a page of 100 at a time', async ({ page }) => {
  const panel = await openPanel(page);
  await panel.getByLabel('Suite', { exact: true }).fill(numbers(250));
  await panel.getByRole('button', { name: 'Run suite' }).click();
  await expect(panel.getByTestId('suite-tally')).toHaveText('0 passed, 0 failed, 250 recorded');
  const rows = panel.getByTestId('suite-row');
  await expect(rows).toHaveCount(100);
  await expect(panel.getByTestId('suite-page').first()).toHaveText('Cases 1–100 of 250');
  await panel.getByRole('button', { name: 'Next cases' }).first().click();
  await expect(panel.getByTestId('suite-page').first()).toHaveText('Cases 101–200 of 250');
  await expect(rows.first().locator('td').first()).toHaveText('+13175551100');
  await panel.getByRole('button', { name: 'Next cases' }).first().click();
  await expect(panel.getByTestId('suite-page').first()).toHaveText('Cases 201–250 of 250');
  await expect(rows).toHaveCount(50);
  await expect(panel.getByRole('button', { name: 'Next cases' }).first()).toBeDisabled();
  await panel.getByRole('button', { name: 'Previous cases' }).first().click();
  await expect(panel.getByTestId('suite-page').first()).toHaveText('Cases 101–200 of 250');
});

test('Cancel aborts every org read in flight at once and keeps the results so far', async ({ page }) => {
  // An org that answers after 3 s: four cases wait on it together; Cancel must not wait for them.
  const panel = await openPanel(page, LOOKUP, direct(env.fakeSlow, 'browser'));
  await field(page, 'Access token').fill('demo-token');
  const suite = {
    defaults: { inputs: ['1'] },
    cases: Array.from({ length: 40 }, (_, i) => ({ ani: `+1317555${String(2000 + i).padStart(4, '0')}` })),
  };
  await panel.getByLabel('Suite', { exact: true }).fill(JSON.stringify(suite));
  await panel.getByRole('button', { name: 'Run suite' }).click();
  // Four cases at a time: the first four finish together (their number, then the contact: about 6 s).
  await expect(panel.getByTestId('suite-row')).toHaveCount(4, { timeout: 20_000 });
  await expect(panel.getByTestId('suite-progress')).toContainText('4 / 40 cases');
  await panel.getByRole('button', { name: 'Cancel' }).click();
  // Well within the org's 3 s: the reads in flight (the numbers of cases 5 to 8) were aborted, not waited for.
  await expect(panel.getByTestId('suite-cancelled')).toBeVisible({ timeout: 1_500 });
  await expect(panel.getByTestId('suite-progress')).toContainText('4 / 40 cases');
  await expect(panel.getByTestId('suite-row')).toHaveCount(4);
  await expect(panel.getByTestId('suite-tally')).toHaveText('0 passed, 0 failed, 4 recorded · API calls: 9 sent, 3 from the run\'s cache');
  await expect(panel.getByTestId('suite-error')).toHaveCount(0);
});

test('a bad suite is refused with the path of the key', async ({ page }) => {
  const panel = await openPanel(page);
  await panel.getByLabel('Suite', { exact: true }).fill('{"cases": [{"expect": {"outcom": "end"}}]}');
  await expect(panel.getByTestId('suite-count')).toContainText(
    'The suite is not valid at cases[0].expect.outcom: unknown field `outcom`',
  );
});
