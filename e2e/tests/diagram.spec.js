// Issue "See the flow": the flow drawn with the run on it, stepping through a run with its variables, a
// breakpoint, "Start here", zoom from the keyboard; and a screenshot of the demo inbound call flow after a run
// (target/e2e-screenshots/, for review, never compared).
import { test, expect } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { env, scenario, openApp, viaProxy, fillScenario, field, simulate, expectFound, expectVerdict } from './helpers.js';

const browser = () => viaProxy(env.fake, 'browser');
const SHOTS = fileURLToPath(new URL('../../target/e2e-screenshots/', import.meta.url));

async function runAda(page) {
  const s = await scenario('found', /Ada/);
  await openApp(page, browser());
  await fillScenario(page, s);
  await simulate(page);
  await expectFound(page, 'Ada Lovelace');
  await expect(page.getByTestId('diagram')).toBeVisible();
  return s;
}

const nodes = (page) => page.getByTestId('diagram-node');
const node = (page, id) => page.locator(`[data-testid=diagram-node][data-action-id="${id}"]`);

/** "Start here" on the action named `name`, then a run from there. Returns the action's id. */
async function startHere(page, name) {
  const target = nodes(page).filter({ hasText: name });
  await expect(target).toHaveCount(1);
  const id = await target.getAttribute('data-action-id');
  await target.click();
  await page.getByTestId('picked-action').getByRole('button', { name: 'Start here' }).click();
  await expect(field(page, 'Start at')).toHaveValue(id);
  await simulate(page);
  await expectFound(page, 'Ada Lovelace');
  return id;
}

/** Ada's call from the start of the "Identify caller" task: Caller ID withheld? → Get caller contact → Transfer. */
async function runFromTaskStart(page) {
  await runAda(page);
  return startHere(page, 'Caller ID withheld?');
}
const stepper = (page) => page.getByTestId('stepper');
const position = (page) => page.getByTestId('stepper-position');

test('after a run the flow is drawn with the executed actions, the paths taken and the outcome marked', async ({ page }) => {
  const s = await runAda(page);
  await expect(page.getByTestId('diagram-frame').first()).toBeVisible();
  expect(await nodes(page).count()).toBeGreaterThan(3);
  // The run started at the lookup action (the tutorial's node): it is highlighted, and a path out of it taken.
  await expect(page.locator(`[data-testid=diagram-node][data-action-id="${s.nodeId}"]`)).toHaveClass(/\bvisited\b/);
  expect(await page.locator('.diagram .edge.taken').count()).toBeGreaterThan(0);
  await expect(page.locator('.diagram .node.outcome')).toHaveCount(1);
  await expect(page.locator('.diagram .node.outcome')).toContainText(/Outcome:/);
  await expect(page.getByTestId('diagram-start')).toBeVisible();
  // The Not Found branch was not reached by any run yet: shaded.
  const unreachedAfterOne = await page.locator('.diagram .node.unreached').count();
  expect(unreachedAfterOne).toBeGreaterThan(0);
  expect(await page.locator('.diagram .node.visited.unreached').count()).toBe(0);
  await page.getByTestId('diagram').screenshot({ path: `${SHOTS}demo-inbound-call-after-run.png` });

  // A second run of the same flow (unknown caller) adds its actions to the coverage since the page opened.
  const unknown = await scenario('not_found');
  expect(unknown.flowId).toBe(s.flowId);
  await fillScenario(page, unknown);
  await simulate(page);
  await expectVerdict(page, 'not_found');
  await expect
    .poll(() => page.locator('.diagram .node.unreached').count())
    .toBeLessThan(unreachedAfterOne);
});

test('stepping marks the same action in the diagram and the trace, with the variables at that step', async ({ page }) => {
  await runFromTaskStart(page);
  await expect(position(page)).toContainText('actions ran');
  await stepper(page).getByRole('button', { name: 'Step ▶' }).click();
  await expect(position(page)).toContainText(/^Step 1 of \d+/);
  const same = async () => {
    const inDiagram = await page.locator('.diagram .node.current').getAttribute('data-action-id');
    const inTrace = await page.locator('[data-testid=trace-step][aria-current=step]').getAttribute('data-node-id');
    expect(inDiagram).toBeTruthy();
    expect(inTrace).toBe(inDiagram);
    return inDiagram;
  };
  const first = await same();
  await expect(page.getByTestId('variables')).toBeVisible();

  // The arrow keys step forward and back.
  await page.locator('.diagram-svg').focus();
  await page.keyboard.press('ArrowRight');
  await expect(position(page)).toContainText(/^Step 2 of \d+/);
  const second = await same();
  expect(second).not.toBe(first);
  await page.keyboard.press('ArrowRight');
  await expect(position(page)).toContainText(/^Step 3 of \d+/);
  await page.keyboard.press('ArrowLeft');
  await expect(position(page)).toContainText(/^Step 2 of \d+/);
  expect(await same()).toBe(second);

  // At the last step the variables the run set are shown with their values.
  const total = Number((await position(page).textContent()).match(/of (\d+)/)[1]);
  for (let i = 2; i < total; i++) await page.keyboard.press('ArrowRight');
  await expect(position(page)).toContainText(`Step ${total} of ${total}`);
  await same();
  expect(await page.getByTestId('variable').count()).toBeGreaterThan(0);
});

test('a breakpoint: the next run stops there with its variables, and Continue goes on', async ({ page }) => {
  await runFromTaskStart(page);
  // Break on the second executed action.
  await stepper(page).getByRole('button', { name: 'Step ▶' }).click();
  await page.keyboard.press('ArrowRight');
  await expect(position(page)).toContainText(/^Step 2 of/);
  const id = await page.locator('.diagram .node.current').getAttribute('data-action-id');
  await page.locator(`[data-testid=diagram-node][data-action-id="${id}"]`).click();
  const picked = page.getByTestId('picked-action');
  await picked.getByRole('button', { name: 'Add breakpoint' }).click();
  await expect(page.locator(`[data-testid=diagram-node][data-action-id="${id}"]`)).toHaveClass(/\bbreakpoint\b/);

  await simulate(page);
  await expectFound(page, 'Ada Lovelace');
  await expect(position(page)).toContainText('paused at a breakpoint');
  await expect(position(page)).toContainText(/^Step 2 of/);
  await expect(page.locator('.diagram .node.current')).toHaveAttribute('data-action-id', id);
  await expect(page.getByTestId('variables')).toBeVisible();
  await stepper(page).getByRole('button', { name: 'Step ▶' }).click();
  await expect(position(page)).toContainText(/^Step 3 of/);
  await expect(position(page)).not.toContainText('paused');
});

test('"Start here" on an action puts it in Start at, and the next run starts there', async ({ page }) => {
  const id = await runFromTaskStart(page);
  await stepper(page).getByRole('button', { name: 'Step ▶' }).click();
  await expect(position(page)).toContainText(/^Step 1 of 3: Caller ID withheld\?/);
  await expect(page.locator('.diagram .node.current')).toHaveAttribute('data-action-id', id);
});

test('the diagram zooms and fits from the keyboard and the toolbar', async ({ page }) => {
  await runAda(page);
  const svg = page.locator('.diagram-svg');
  const width = async () => Number((await svg.getAttribute('viewBox')).split(' ')[2]);
  const fitted = await width();
  await svg.focus();
  await page.keyboard.press('+');
  await expect.poll(width).toBeLessThan(fitted);
  const zoomed = await width();
  const before = await svg.getAttribute('viewBox');
  await page.keyboard.press('Shift+ArrowRight');
  await expect.poll(() => svg.getAttribute('viewBox')).not.toBe(before);
  expect(await width()).toBeCloseTo(zoomed, 3);
  await page.keyboard.press('0');
  await expect.poll(width).toBeCloseTo(fitted, 3);
  await page.getByRole('button', { name: 'Zoom in' }).click();
  await expect.poll(width).toBeLessThan(fitted);
  await page.getByRole('button', { name: 'Fit' }).click();
  await expect.poll(width).toBeCloseTo(fitted, 3);
});
