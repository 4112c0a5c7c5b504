// Sign in with Genesys Cloud (Authorization Code + PKCE) against fake-genesys playing the login host, from the
// release build served under /flowsim/ on its own port; who is signed in; a forged state; a token expiring
// mid-session; sign out; and the connection check.
import { test, expect } from '@playwright/test';
import {
  env,
  scenario,
  openApp,
  field,
  fillLookup,
  simulate,
  expectFound,
  expectError,
  persistedState,
  collectPageErrors,
  viaProxy,
  direct,
  selectByText,
} from './helpers.js';

// fake-genesys' demo clients (crates/fake-genesys/src/login.rs).
const CLIENT_DEMO = '5b3d0c9e-flowsim-demo';
const CLIENT_WRONG_GRANT = '0f1e2d3c-client-credentials';
const CLIENT_OTHER_APP = '9a8b7c6d-other-app';

// One test at a time: one of them expires every token the CORS fake issued.
test.describe.configure({ mode: 'serial' });

const signInButton = (page) => page.getByRole('button', { name: 'Sign in', exact: true });

/** Records the token exchanges the page makes and the token it gets, and every address the tab visits. */
function watch(page) {
  const seen = { exchanges: [], token: null, visited: [] };
  page.on('request', (r) => {
    if (r.url().includes('/oauth/token')) seen.exchanges.push({ url: r.url(), body: r.postData() || '' });
  });
  page.on('response', async (r) => {
    if (r.url().includes('/oauth/token') && r.status() === 200) seen.token = (await r.json()).access_token;
  });
  page.on('framenavigated', (f) => {
    if (f === page.mainFrame()) seen.visited.push(f.url());
  });
  return seen;
}

/** Clicks Sign in (or `button`), picks `user` on the fake's sign-in page, and waits for the page to be back. */
async function signInAs(page, user, button = signInButton(page)) {
  await button.click();
  await page.waitForURL(/\/oauth\/authorize\?/);
  await page.getByRole('button', { name: new RegExp(`^Sign in as ${user}`) }).click();
  await page.waitForURL((u) => u.href.startsWith(env.app));
  await expect(page.getByTestId('whoami-user')).toHaveText(user, { timeout: 30_000 });
}

/** The scenario's flow, start and phone, not its token. */
function fillLookupOnly(page, s) {
  return fillLookup(page, { flowId: s.flowId, nodeId: s.nodeId, phone: s.phone });
}

/** Nothing secret anywhere the page keeps or shows. */
async function expectNowhere(page, secrets) {
  const state = await persistedState(page);
  const text = await page.evaluate(() => document.body.innerText);
  for (const [what, value] of Object.entries(secrets)) {
    expect(value, what).toBeTruthy();
    expect(state.all, `${what} in storage, cookies or the URL`).not.toContain(value);
    expect(text, `${what} in the page's text`).not.toContain(value);
  }
}

test('the whole round trip through the proxy, as the demo does: PKCE, a clean address, the form kept, a working token', async ({ page }) => {
  const errors = collectPageErrors(page);
  const s = await scenario('found', /Ada/);
  const seen = watch(page);
  await openApp(page, { ...viaProxy(env.fake), clientId: CLIENT_DEMO });
  await expect(field(page, 'OAuth client ID')).toHaveValue(CLIENT_DEMO);
  await expect(page.getByTestId('redirect-uri')).toHaveText(env.app);
  await expect(page.getByTestId('login-base')).toHaveText(env.fake);
  await fillLookupOnly(page, s);

  await signInButton(page).click();
  await page.waitForURL(/\/oauth\/authorize\?/);
  const authorize = new URL(page.url());
  expect(authorize.origin).toBe(env.fake);
  const q = Object.fromEntries(authorize.searchParams);
  expect(q).toMatchObject({ response_type: 'code', client_id: CLIENT_DEMO, redirect_uri: env.app, code_challenge_method: 'S256' });
  expect(q.code_challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(q.state.length).toBeGreaterThanOrEqual(43);
  // While the page is away, the verifier waits in this tab's sessionStorage only.
  await page.getByRole('button', { name: /^Sign in as Alex Admin/ }).click();
  await page.waitForURL((u) => u.href.startsWith(env.app));

  await expect(page.getByTestId('whoami-user')).toHaveText('Alex Admin', { timeout: 30_000 });
  await expect(page.getByTestId('whoami-org')).toHaveText('Flowsim Demo Org');
  await expect(page.getByTestId('whoami-expiry')).toContainText('expires at');
  await expect(page.getByTestId('permissions-ok')).toBeVisible();
  // The code and state left the address bar.
  expect(page.url()).toBe(env.app);
  const returned = seen.visited.find((u) => u.includes('code='));
  expect(returned, 'the login host sent the page back with a code').toBeTruthy();
  const code = new URL(returned).searchParams.get('code');
  // The form's other settings survived the round trip.
  await expect(field(page, 'API base URL')).toHaveValue(env.fake);
  await expect(field(page, 'CORS proxy')).toHaveValue(env.proxy);
  await expect(field(page, 'Flow ID')).toHaveValue(s.flowId);
  await expect(field(page, 'Phone number')).toHaveValue(s.phone);
  await expect(field(page, 'OAuth client ID')).toHaveValue(CLIENT_DEMO);
  // One exchange, through the proxy, form-encoded, with the verifier and no secret.
  expect(seen.exchanges).toHaveLength(1);
  expect(seen.exchanges[0].url).toBe(`${env.proxy}${env.fake}/oauth/token`);
  const body = new URLSearchParams(seen.exchanges[0].body);
  expect(body.get('grant_type')).toBe('authorization_code');
  expect(body.get('code')).toBe(code);
  expect(body.get('redirect_uri')).toBe(env.app);
  expect(body.get('code_verifier')).toMatch(/^[A-Za-z0-9_-]{128}$/);
  expect(body.has('client_secret')).toBe(false);

  // The token works.
  await simulate(page);
  await expectFound(page, 'Ada Lovelace');
  await page.getByRole('button', { name: 'Show raw JSON' }).click();
  await expect(page.getByTestId('raw-json')).toBeVisible();
  await expectNowhere(page, { token: seen.token, code, verifier: body.get('code_verifier') });
  expect(errors).toEqual([]);
});

test('a pasted token: who it belongs to and the permissions the simulation lacks', async ({ page }) => {
  await openApp(page, viaProxy(env.fake));
  const token = field(page, 'Access token');
  await token.fill('no-permission-token');
  await token.dispatchEvent('paste');
  await expect(page.getByTestId('whoami-user')).toHaveText('Nora Nopermission');
  await expect(page.getByTestId('whoami-expiry')).toContainText('not known');
  const missing = page.getByTestId('missing-permissions');
  await expect(missing).toBeVisible();
  for (const p of ['architect:flow:view', 'externalContacts:contact:view', 'architect:datatable:view', 'routing:schedule:view', 'routing:queue:view']) {
    await expect(missing.locator(`li[data-permission="${p}"]`)).toBeVisible();
  }
});

test('errors of the sign-in itself: a client of the wrong grant type, Cancel, a client without this redirect URI', async ({ page }) => {
  await openApp(page, { ...direct(env.fakeCors), clientId: CLIENT_WRONG_GRANT });
  await signInButton(page).click();
  await page.waitForURL((u) => u.href.startsWith(env.app) && !u.href.includes('error='));
  let e = page.getByTestId('signin-error');
  await expect(e).toHaveAttribute('data-signin-error', 'provider');
  await expect(e).toContainText('Code Authorization');
  expect(page.url()).toBe(env.app);

  await field(page, 'OAuth client ID').fill(CLIENT_DEMO);
  await signInButton(page).click();
  await page.waitForURL(/\/oauth\/authorize\?/);
  await page.getByRole('button', { name: 'Cancel', exact: true }).click();
  await page.waitForURL((u) => u.href.startsWith(env.app) && !u.href.includes('error='));
  e = page.getByTestId('signin-error');
  await expect(e).toContainText(/cancelled or refused/);
  await expect(e).toContainText('Sign in');
  await expect(field(page, 'OAuth client ID')).toHaveValue(CLIENT_DEMO);

  // The login host does not send anyone to an address the client does not have: it says so itself.
  await field(page, 'OAuth client ID').fill(CLIENT_OTHER_APP);
  await signInButton(page).click();
  await page.waitForURL(/\/oauth\/authorize\?/);
  await expect(page.getByTestId('login-error')).toContainText('is not registered for the OAuth client');

  // No client ID: a sentence, and the page stays.
  await page.goto(env.app);
  await field(page, 'OAuth client ID').fill('');
  await signInButton(page).click();
  await expect(page.getByTestId('signin-error')).toHaveAttribute('data-signin-error', 'no_client_id');

  // A link cannot choose the login page: an API base from the link that is not a region (nor this machine)
  // needs the login host typed.
  await page.goto(`${env.app}?api=${encodeURIComponent('https://api.evil.example')}&clientId=${CLIENT_DEMO}`);
  await signInButton(page).click();
  await expect(page.getByTestId('signin-error')).toHaveAttribute('data-signin-error', 'login_base_from_link');
  expect(new URL(page.url()).origin).toBe(new URL(env.app).origin);
});

test('a forged state is refused before the code is used', async ({ page }) => {
  const seen = watch(page);
  await openApp(page, { ...direct(env.fakeCors), clientId: CLIENT_DEMO });
  await signInButton(page).click();
  await page.waitForURL(/\/oauth\/authorize\?/);
  // An attacker's answer: the right shape, another state.
  await page.locator('input[name=state]').evaluate((i) => {
    i.value = 'forged-state-forged-state-forged-state-forged';
  });
  await page.getByRole('button', { name: /^Sign in as Alex Admin/ }).click();
  await page.waitForURL((u) => u.href.startsWith(env.app));
  const e = page.getByTestId('signin-error');
  await expect(e).toHaveAttribute('data-signin-error', 'state_mismatch');
  await expect(e).toContainText('forgery');
  await expect(page).toHaveURL(env.app);
  expect(seen.exchanges).toEqual([]);
  await expect(field(page, 'Access token')).toHaveValue('');
  await expect(page.getByRole('button', { name: 'Sign out' })).toHaveCount(0);
  // The returned code is kept nowhere.
  const code = new URL(seen.visited.find((u) => u.includes('code='))).searchParams.get('code');
  await expectNowhere(page, { code });
});

test('a token that expires mid-session: the run says 401, "Sign in again" keeps the form, and the next run works', async ({ page }) => {
  const s = await scenario('found', /Ada/);
  await openApp(page, { ...direct(env.fakeCors), clientId: CLIENT_DEMO });
  await fillLookupOnly(page, s);
  await signInAs(page, 'Robin Reader');
  await simulate(page);
  await expectFound(page, 'Ada Lovelace');

  const r = await fetch(`${env.fakeCors}/_fake/expire-sessions`, { method: 'POST' });
  expect(r.status).toBe(200);
  await simulate(page);
  await expectError(page, 'Unauthorized', ['401']);
  const expired = page.getByTestId('session-expired');
  await expect(expired).toBeVisible();
  await signInAs(page, 'Robin Reader', expired.getByRole('button', { name: 'Sign in again' }));
  await expect(page.getByTestId('session-expired')).toHaveCount(0);
  await expect(field(page, 'Flow ID')).toHaveValue(s.flowId);
  await expect(field(page, 'Phone number')).toHaveValue(s.phone);
  // The reader lacks what the new org reads need, and the page says so before anything runs.
  await expect(page.getByTestId('missing-permissions')).toContainText('routing:queue:view');
  await simulate(page);
  await expectFound(page, 'Ada Lovelace');
});

test('sign out revokes the token, forgets it everywhere and returns the page to signed-out', async ({ page }) => {
  const seen = watch(page);
  await openApp(page, { ...direct(env.fakeCors), clientId: CLIENT_DEMO });
  await page.getByLabel('Remember token on this device').check();
  await signInAs(page, 'Alex Admin');
  const token = seen.token;
  expect(token).toBeTruthy();
  // Remembered on opt-in.
  expect(JSON.parse((await persistedState(page)).local['flowsim.token'])).toBe(token);

  const revoke = page.waitForRequest((r) => r.method() === 'DELETE' && r.url() === `${env.fakeCors}/api/v2/tokens/me`);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await revoke;
  await expect(page.getByTestId('signed-out')).toContainText('revoked and forgotten');
  await expect(field(page, 'Access token')).toHaveValue('');
  await expect(page.getByTestId('whoami')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Sign out' })).toHaveCount(0);
  await expectNowhere(page, { token });
  const after = await fetch(`${env.fakeCors}/api/v2/users/me`, { headers: { authorization: `Bearer ${token}` } });
  expect(after.status).toBe(401);
});

test('Test connection says which way works: neither when the proxy refuses the host, only the proxy, direct', async ({ page }) => {
  await openApp(page, { ...viaProxy(env.fake), proxy: env.proxyRefusing });
  await field(page, 'Access token').fill('demo-token');
  const check = page.getByRole('button', { name: 'Test connection' });
  const verdict = page.getByTestId('connection-verdict');

  await check.click();
  await expect(verdict).toHaveAttribute('data-verdict', 'neither');
  await expect(verdict).toHaveAttribute('data-cause', 'proxy-refused-host');
  await expect(verdict).toHaveAttribute('data-direct', 'cors');
  await expect(verdict).toContainText('refuses to forward');
  await expect(verdict).toContainText('--allow-upstream');

  await field(page, 'CORS proxy').fill(env.proxy);
  await check.click();
  await expect(verdict).toHaveAttribute('data-verdict', 'proxy-only');
  await expect(verdict).toContainText('Keep the proxy set');

  await field(page, 'API base URL').fill(env.fakeCors);
  await selectByText(page, 'Proxy style', 'None (direct)');
  await check.click();
  await expect(verdict).toHaveAttribute('data-verdict', 'direct');
  await expect(verdict).toContainText('no proxy is needed');

  await field(page, 'API base URL').fill(env.closedPort.replace(/\/$/, ''));
  await check.click();
  await expect(verdict).toHaveAttribute('data-cause', 'network');
});
