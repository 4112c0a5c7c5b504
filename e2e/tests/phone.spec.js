// Foundations item 6: the "Default country" setting reads numbers written without a country code, in the release
// build against fake-genesys through flowsim-proxy.
import { test, expect } from '@playwright/test';
import {
  SIM_PATH,
  scenario,
  openApp,
  viaProxy,
  fillScenario,
  field,
  simulate,
  simulateButton,
  expectFound,
  selectByText,
} from './helpers.js';

test('United Kingdom as Default country: 020 7946 0958 is sent as +442079460958 and Grace Hopper is found', async ({ page }) => {
  const s = await scenario('found', /Grace/);
  await openApp(page, viaProxy());
  await expect(field(page, 'Default country')).toHaveValue('US');
  await fillScenario(page, s, { phone: '020 7946 0958' });
  await selectByText(page, 'Default country', 'United Kingdom (+44)');
  await expect(page.getByTestId('e164-preview')).toContainText('Looked up as +442079460958');
  const sent = page.waitForRequest((r) => r.method() === 'POST' && r.url().includes(SIM_PATH));
  await simulate(page);
  const body = (await sent).postDataJSON();
  expect(body.context.from).toBe('+442079460958');
  await expectFound(page, 'Grace Hopper');
  // The setting is remembered on this device.
  await page.reload();
  await expect(field(page, 'Default country')).toHaveValue('GB');
});

test('in the browser backend the trace searches +442079460958', async ({ page }) => {
  const s = await scenario('found', /Grace/);
  await openApp(page, { ...viaProxy(undefined, 'browser'), country: 'GB' });
  await expect(field(page, 'Default country')).toHaveValue('GB');
  await fillScenario(page, s, { phone: '020 7946 0958' });
  await simulate(page);
  await expectFound(page, 'Grace Hopper');
  await expect(page.getByTestId('trace-step').filter({ hasText: '+442079460958' }).first()).toBeVisible();
});

test('with the default (United States) the same digits are refused with a reason, and nothing is sent', async ({ page }) => {
  const s = await scenario('found', /Grace/);
  const sims = [];
  page.on('request', (r) => {
    if (r.url().includes(SIM_PATH)) sims.push(r.postDataJSON()?.context?.from);
  });
  await openApp(page, viaProxy());
  await fillScenario(page, s, { phone: '020 7946 0958' });
  await simulateButton(page).click();
  const error = page.getByTestId('field-error').filter({ hasText: '11-digit' });
  await expect(error).toBeVisible();
  await expect(error).toContainText('Default country');
  // A run with the number written in full follows; once it has ended, a request of the refused attempt (made
  // before it) would have been seen: only the second one was sent.
  await fillScenario(page, s, { phone: '+44 20 7946 0958' });
  await simulate(page);
  await expectFound(page, 'Grace Hopper');
  expect(sims).toEqual(['+442079460958']);
});
