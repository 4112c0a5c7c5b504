// Issue 3: every proxy style people use, set through the form as a user would, against fake-genesys
// without CORS; and what the app says with no proxy.
import { test, expect } from '@playwright/test';
import {
  env,
  SIM_PATH,
  scenario,
  openApp,
  fillScenario,
  field,
  simulate,
  selectByText,
  expectFound,
  expectError,
  persistedState,
  simulateButton,
} from './helpers.js';

/** Sets API base, proxy style and value, and the remote backend through the form. */
async function connect(page, { api, style, value }) {
  await field(page, 'API base URL').fill(api);
  await selectByText(page, 'Proxy style', style);
  if (value !== undefined) await field(page, 'CORS proxy').fill(value);
  await field(page, 'Simulation').selectOption('remote');
}

const selectedText = (locator) => locator.evaluate((s) => s.selectedOptions[0]?.textContent.trim());

const styles = [
  {
    name: 'flowsim-proxy (prefix)',
    style: 'Prefix + raw URL',
    value: () => env.proxy,
    expected: (target) => `${env.proxy}${target}`,
  },
  {
    name: 'cors-anywhere (prefix)',
    style: 'Prefix + raw URL',
    value: () => env.corsAnywhere,
    expected: (target) => `${env.corsAnywhere}${target}`,
  },
  {
    name: 'a query-style template proxy (?url={url})',
    style: 'Template with {url}',
    value: () => env.template,
    expected: (target) => env.template.replace('{url}', encodeURIComponent(target)),
  },
  {
    name: 'local-cors-proxy (base replacement)',
    style: 'Base replacement',
    value: () => env.lcpBase,
    expected: () => `${env.lcpBase}${SIM_PATH}`,
  },
];

for (const p of styles) {
  test(`through ${p.name}: the preview shows the final URL and the contact is found`, async ({ page }) => {
    const s = await scenario('found', /Ada/);
    const proxied = [];
    page.on('request', (r) => {
      if (r.method() === 'POST') proxied.push(r.url());
    });
    await openApp(page);
    await connect(page, { api: env.fake, style: p.style, value: p.value() });
    await fillScenario(page, s);
    const expected = p.expected(`${env.fake}${SIM_PATH}`);
    const preview = page.getByTestId('next-url');
    await expect(preview).toContainText(expected);
    await expect(preview).not.toContainText(s.token);
    await simulate(page);
    await expectFound(page, 'Ada Lovelace');
    expect(proxied).toEqual([expected]);
  });
}

test('no proxy against an API without CORS: a Network error that names CORS and says to set a proxy', async ({ page }) => {
  const s = await scenario('found', /Ada/);
  await openApp(page);
  await connect(page, { api: env.fake, style: 'None (direct)' });
  await fillScenario(page, s);
  await expect(page.getByTestId('next-url')).toContainText(`${env.fake}${SIM_PATH}`);
  await simulate(page);
  const e = await expectError(page, 'Network');
  await expect(e).toContainText('CORS');
  await expect(e).toContainText(/proxy/i);
  // Following the advice works.
  await selectByText(page, 'Proxy style', 'Prefix + raw URL');
  await field(page, 'CORS proxy').fill(env.proxy);
  await simulate(page);
  await expectFound(page, 'Ada Lovelace');
});

test('the proxy setting and API base survive a reload; the token does not', async ({ page }) => {
  const s = await scenario('found', /Ada/);
  await openApp(page);
  await connect(page, { api: env.fake, style: 'Template with {url}', value: env.template });
  await fillScenario(page, s);
  await simulate(page);
  await expectFound(page, 'Ada Lovelace');
  await page.goto(env.app);
  await expect(simulateButton(page)).toBeVisible();
  expect(await selectedText(field(page, 'Proxy style'))).toBe('Template with {url}');
  await expect(field(page, 'CORS proxy')).toHaveValue(env.template);
  await expect(field(page, 'API base URL')).toHaveValue(env.fake);
  await expect(field(page, 'Access token')).toHaveValue('');
  const state = await persistedState(page);
  expect(state.all).toContain(env.template.replace('{url}', ''));
  expect(state.all).not.toContain(s.token);
});

test('a proxy preset fills the style and the URL', async ({ page }) => {
  await openApp(page);
  await selectByText(page, 'Proxy preset', 'flowsim-proxy (local)');
  expect(await selectedText(field(page, 'Proxy style'))).toBe('Prefix + raw URL');
  await expect(field(page, 'CORS proxy')).toHaveValue('http://127.0.0.1:8081/');
  await selectByText(page, 'Proxy preset', 'local-cors-proxy (lcp)');
  expect(await selectedText(field(page, 'Proxy style'))).toBe('Base replacement');
  await expect(field(page, 'CORS proxy')).toHaveValue('http://localhost:8010/proxy');
});

test('the region picker fills the API base URL; Custom keeps what is typed', async ({ page }) => {
  await openApp(page);
  const region = field(page, 'Region');
  const options = await region.locator('option').allTextContents();
  expect(options.length).toBeGreaterThanOrEqual(19);
  expect(options.some((o) => /custom/i.test(o))).toBe(true);
  // Americas (US East) is mypurecloud.com.
  await region.selectOption('us_east_1');
  await expect(field(page, 'API base URL')).toHaveValue('https://api.mypurecloud.com');
  await field(page, 'API base URL').fill(env.fake);
  expect(await selectedText(region)).toMatch(/custom/i);
});
