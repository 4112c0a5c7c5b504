// Issue "See the flow": the flow drawn with the run on it, stepping through a run with its variables, a
// breakpoint that pauses the live run, "Start here", "Override this action", zoom from the keyboard; and screenshots of the
// tutorial's lookup flow and of the demo inbound call flow (the Customer Service IVR) after a run
// (target/e2e-screenshots/, for review, never compared).
import { test, expect } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import {
  env, scenario, scenarios, openApp, viaProxy, fillScenario, fillFlowScenario, field, simulate, simulateButton,
  expectFound, expectVerdict,
} from './helpers.js';

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

test('the demo inbound call flow after a whole run: jumps drawn as arrows, the jumps taken highlighted', async ({ page }) => {
  const s = (await scenarios()).find((x) => x.expect && /VIP key account to the Gold queue/.test(x.name));
  expect(s, 'the demo org has the VIP scenario of the Customer Service IVR').toBeTruthy();
  await openApp(page, browser());
  await fillFlowScenario(page, s);
  const summary = await simulate(page);
  await expect(summary.getByTestId('outcome')).toHaveAttribute('data-outcome', 'transfer');
  // Frames of the IVR: its schedule task, its Main Menu, and the tasks its choices jump to.
  await expect(page.getByTestId('diagram-frame').filter({ hasText: 'Menu: Main Menu' })).toHaveCount(1);
  expect(await page.getByTestId('diagram-frame').count()).toBeGreaterThanOrEqual(3);
  // Every jump to another container ends in an arrowhead; "Go to the main menu" was taken, so its jump is green.
  const jumps = page.locator('.diagram .edge.jump polyline');
  expect(await jumps.count()).toBeGreaterThan(0);
  expect(await page.locator('.diagram .edge.jump polyline:not([marker-end])').count()).toBe(0);
  await expect(page.locator('.diagram .edge.jump.taken polyline[marker-end="url(#arrow-taken)"]')).not.toHaveCount(0);
  await expect(node(page, s.expect.actionId)).toHaveClass(/\boutcome\b/);
  await page.getByTestId('diagram').screenshot({ path: `${SHOTS}customer-service-ivr-after-run.png` });
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

test('a breakpoint pauses the live run before its action, with the variables then; Continue runs on, Stop cancels', async ({ page }) => {
  await runAda(page);
  const transfer = nodes(page).filter({ hasText: 'Transfer to Gold queue' });
  const id = await transfer.getAttribute('data-action-id');
  // A breakpoint from the trace step's toggle; the diagram and the action's panel (opened with the keyboard) agree.
  const toggle = page.getByRole('button', { name: 'Breakpoint on Transfer to Gold queue' });
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await expect(transfer).toHaveClass(/\bbreakpoint\b/);
  await transfer.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('picked-action').getByRole('button', { name: 'Remove breakpoint' })).toBeVisible();

  // The run pauses before the transfer: marked in the diagram and the trace, with the contact the lookup set.
  await simulateButton(page).click();
  const paused = page.getByTestId('paused');
  await expect(paused).toContainText('Paused at a breakpoint before \u201cTransfer to Gold queue\u201d');
  await expect(page.getByTestId('results')).toHaveAttribute('aria-busy', 'true');
  await expect(page.getByTestId('summary')).toHaveCount(0);
  await expect(paused.getByRole('button', { name: 'Continue' })).toBeFocused();
  await expect(page.locator('.diagram .node.current')).toHaveAttribute('data-action-id', id);
  await expect(page.locator('.diagram .node.current')).not.toHaveClass(/\bvisited\b/);
  await expect(page.locator('[data-testid=trace-step][aria-current=step]')).toHaveAttribute('data-node-id', id);
  await expect(page.locator('[data-testid=trace-step]', { hasText: 'Get caller contact' }).getByTestId('step-outcome'))
    .toHaveText('Takes the path Found → Transfer to Gold queue');
  await expect(position(page)).toContainText('Transfer to Gold queue (paused here, not run yet)');
  await expect(page.getByTestId('variables')).toContainText('Variables now');
  await expect(page.getByTestId('variable').filter({ hasText: 'Task.Contact' })).toContainText('Lovelace');
  await page.locator('.run-view').screenshot({ path: `${SHOTS}demo-inbound-call-paused-at-breakpoint.png` });
  // Stepping back through the run so far while paused.
  await stepper(page).getByRole('button', { name: '◀ Step back' }).click();
  await expect(position(page)).toContainText('Get caller contact');

  await simulate(page, { trigger: () => paused.getByRole('button', { name: 'Continue' }).click() });
  await expectFound(page, 'Ada Lovelace');
  await expect(page.getByTestId('outcome')).toContainText("Outcome: transferred to queue 'Gold'");
  await expect(page.locator('.diagram .node.outcome')).toHaveAttribute('data-action-id', id);

  // The breakpoint holds for the next run; Stop there ends it as cancelled.
  await simulateButton(page).click();
  await expect(paused).toBeVisible();
  await simulate(page, { trigger: () => paused.getByRole('button', { name: 'Stop' }).click() });
  await expectVerdict(page, 'cancelled');
});

test('"Override this action" fills Overrides with one of its paths, focused, and the next run takes that path', async ({ page }) => {
  const id = await runFromTaskStart(page);
  // The decision took No for Ada: the override offers Yes.
  const decision = node(page, id);
  await decision.click();
  await page.getByTestId('picked-action').getByRole('button', { name: 'Override this action' }).click();
  const overrides = field(page, 'Overrides');
  await expect(overrides).toBeFocused();
  await expect(overrides).toHaveValue(`${id}: Yes`);
  expect(await overrides.evaluate((t) => t.value.slice(t.selectionStart, t.selectionEnd))).toBe('Yes');

  await simulate(page);
  await expect(page.getByTestId('outcome')).toContainText('Outcome: disconnected');
  const step = page.locator(`[data-testid=trace-step][data-node-id="${id}"]`);
  await expect(step).toContainText('Overridden: your override takes the path Yes');
  await expect(step.getByTestId('step-outcome')).toContainText('Disconnect withheld caller');
  await expect(decision).toHaveClass(/\bnot-simulated\b/);
});

test('a variable change is shown whole even when its value holds an arrow', async ({ page }) => {
  const lit = (text, type) => ({ text, type, config: { lit: { pos: 1, text, type } }, version: 2 });
  const flow = {
    name: 'Arrows', type: 'inboundcall', initialSequence: 't',
    variables: [{ __type: 'StringVariable', id: 'v1', name: 'Flow.route', initialValue: { text: '', type: 'str', config: { emp: { pos: 1, text: '', type: 'str' } } } }],
    flowSequenceItemList: [{ __type: 'Task', id: 't', name: 'Main', startAction: 'set', variables: [], actionList: [
      { __type: 'UpdateVariableAction', id: 'set', name: 'Set route', nextAction: 'bye', variables: [
        { variable: { text: 'Flow.route', type: 'str', config: { ref: { pos: 1, text: 'Flow.route', type: 'str', val: 'v1' } } },
          expression: lit('sales → support', 'str') }] },
      { __type: 'DisconnectAction', id: 'bye', name: 'Bye' },
    ] }],
  };
  await openApp(page);
  await field(page, 'Flow file').setInputFiles({ name: 'arrows.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(flow)) });
  await expect(page.getByTestId('flow-file-loaded')).toContainText('arrows.json');
  await field(page, 'Phone number').fill('+1 317 555 0100');
  await simulate(page);
  await expect(page.getByTestId('outcome')).toContainText('Outcome: disconnected');
  const change = page.locator('[data-testid=trace-step][data-node-id=set]').getByTestId('variable-change');
  await expect(change.locator('.before')).toHaveText('NOT_SET');
  await expect(change.locator('.after')).toHaveText('"sales → support"');
  await stepper(page).getByRole('button', { name: 'Step ▶' }).click();
  await expect(position(page)).toContainText(/^Step 1 of 2: Set route/);
  const row = page.getByTestId('variable').filter({ hasText: 'Flow.route' });
  await expect(row.locator('td').nth(1)).toHaveText('"sales → support"');
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

test('a flow too big to draw at once shows only what is in view: a note, then its actions once zoomed in', async ({ page }) => {
  // 5,000 Wait actions in one chain: the whole flow in view is far over what the diagram draws.
  const n = 5000;
  const actions = Array.from({ length: n }, (_, i) =>
    i + 1 < n ? { __type: 'WaitAction', id: `w${i}`, name: `Wait ${i}`, nextAction: `w${i + 1}` } : { __type: 'DisconnectAction', id: `w${i}`, name: 'Bye' });
  const flow = { name: 'Long', type: 'inboundcall', initialSequence: 't',
    flowSequenceItemList: [{ __type: 'Task', id: 't', name: 'Main', startAction: 'w0', actionList: actions }] };
  await openApp(page);
  await field(page, 'Flow file').setInputFiles({ name: 'long.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(flow)) });
  await expect(page.getByTestId('flow-file-loaded')).toContainText('long.json');
  await field(page, 'Phone number').fill('+1 317 555 0100');
  await simulate(page);
  await expect(page.getByTestId('outcome')).toContainText('Outcome: disconnected');
  const note = page.getByTestId('diagram-too-many');
  await expect(note).toContainText('5000 actions in view: too many to draw');
  await expect(nodes(page)).toHaveCount(0);
  await note.getByRole('button', { name: 'Zoom to readable size' }).click();
  await expect(note).toHaveCount(0);
  // The start is in view, drawn, and only a screenful of actions is.
  await expect(node(page, 'w0')).toBeVisible();
  const drawn = await nodes(page).count();
  expect(drawn).toBeGreaterThan(0);
  expect(drawn).toBeLessThan(100);
});
