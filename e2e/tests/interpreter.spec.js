// The whole-flow interpreter in the browser: the expression box, a flow file, and the demo org's flows run
// through flowsim-proxy (in the browser and through the remote endpoint), each with its outcome.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { test, expect } from '@playwright/test';
import { env, field, fillFlowScenario, openApp, scenarios, simulate, viaProxy } from './helpers.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.join(here, '../../crates/flowsim-core/tests/fixtures/flowconfigs');

/** Types an expression and waits for its value. */
async function evaluate(page, text) {
  await field(page, 'Expression').fill(text);
}

test('the expression box shows the value as an Architect literal and its type', async ({ page }) => {
  await openApp(page);
  const value = page.getByTestId('expression-value');
  const type = page.getByTestId('expression-type');
  await evaluate(page, 'Substring("Hello", 2, 3)');
  await expect(value).toHaveText('"llo"');
  await expect(type).toHaveText('String');
  await evaluate(page, '5 + 2');
  await expect(value).toHaveText('7');
  await expect(type).toHaveText('Integer');
  await evaluate(page, 'ToDecimal(7)');
  await expect(value).toHaveText('7.0');
  await expect(type).toHaveText('Decimal');
  await evaluate(page, 'IsSet(NOT_SET) or true');
  await expect(value).toHaveText('true');
  await expect(type).toHaveText('Boolean');
  await evaluate(page, 'NOT_SET');
  await expect(value).toHaveText('NOT_SET');
  // A syntax error and a runtime error are sentences; the outputs are empty.
  await evaluate(page, '(1 +');
  await expect(page.getByTestId('expression-error')).toContainText('Syntax error');
  await expect(value).toHaveText('');
  await evaluate(page, '5 + Flow.Missing');
  await expect(page.getByTestId('expression-error')).toBeVisible();
  await expect(value).toHaveText('');
});

test('a flow file runs without an org: its outcome, and org reads say there is no org', async ({ page }) => {
  await openApp(page);
  const file = path.join(fixtures, 'orbit-parked-call-retrieval-inboundcall.json');
  await field(page, 'Flow file').setInputFiles(file);
  await expect(page.getByTestId('flow-file-loaded')).toContainText('orbit-parked-call-retrieval-inboundcall.json');
  await field(page, 'Phone number').fill('+1 317 555 0100');
  const summary = await simulate(page);
  await expect(summary.getByTestId('outcome')).toContainText(/^Outcome: /);
  await expect(page.getByTestId('coverage')).toContainText(/Coverage: \d+ of \d+ actions/);
  const steps = page.getByTestId('trace-step');
  await expect(steps.first()).toContainText('Read flow file');
  await expect(page.getByTestId('results')).toContainText('none: reads of org data take their Not Found path');
});

test('a file that is not a flow gets a sentence and the page keeps working', async ({ page }) => {
  await openApp(page);
  await field(page, 'Flow file').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
  await expect(page.getByTestId('flow-file-error')).toContainText('notes.txt');
  await expect(page.getByTestId('flow-file-error')).toContainText(/neither a flow configuration|not valid JSON/);
  const truncated = readFileSync(path.join(fixtures, 'zoom-presence-workflow.json'), 'utf8').slice(0, 5000);
  await field(page, 'Flow file').setInputFiles({ name: 'cut.json', mimeType: 'application/json', buffer: Buffer.from(truncated) });
  await expect(page.getByTestId('flow-file-error')).toContainText('truncated');
  // The form still runs: the expression box answers.
  await evaluate(page, '1 + 1');
  await expect(page.getByTestId('expression-value')).toHaveText('2');
});

/** The outcome kind the contract reports for a scenario's expected end. */
const kindOf = { transferToAcd: 'transfer', disconnect: 'disconnect', endWorkflow: 'end', endModule: 'end', errorHandling: 'error' };

/** The outcome kind a scenario expects; an unknown end fails the test rather than matching anything. */
function expectedKind(s) {
  const k = kindOf[s.expect.end];
  if (!k) throw new Error(`${s.name}: unknown expected end ${s.expect.end}`);
  return k;
}

for (const backend of ['browser', 'remote']) {
  test(`every whole-flow demo scenario ends as declared (${backend}, through flowsim-proxy)`, async ({ page }) => {
    const flowCases = (await scenarios()).filter((s) => s.at && s.expect);
    expect(flowCases.length, 'the demo org has whole-flow scenarios').toBeGreaterThanOrEqual(8);
    await openApp(page, viaProxy(env.fake, backend));
    for (const s of flowCases) {
      await fillFlowScenario(page, s);
      const summary = await simulate(page);
      await expect(summary.getByTestId('outcome'), s.name).toHaveAttribute('data-outcome', expectedKind(s));
      await expect(summary.getByTestId('outcome'), s.name).toContainText(/^Outcome: /);
      await expect(page.getByTestId('trace-step').filter({ hasText: s.expect.actionId }), s.name).not.toHaveCount(0);
    }
  });
}

test('the run pauses where the flow waits for the caller, and goes on with the answer typed', async ({ page }) => {
  const s = (await scenarios()).find((x) => x.at && x.expect && (x.inputs ?? []).length === 1 && x.expect.end === 'transferToAcd');
  expect(s, 'a whole-flow scenario with one input that ends in a transfer').toBeTruthy();
  await openApp(page, viaProxy(env.fake, 'browser'));
  await fillFlowScenario(page, { ...s, inputs: [] });
  await field(page, 'Ask me when the flow waits for the caller').check();
  const summary = await simulate(page, {
    trigger: async () => {
      await page.getByRole('button', { name: 'Simulate', exact: true }).click();
      const prompt = page.getByTestId('prompt');
      await expect(prompt).toBeVisible();
      await field(page, "Caller's answer").fill(s.inputs[0]);
      await prompt.getByRole('button', { name: 'Answer' }).click();
    },
  });
  await expect(summary.getByTestId('outcome')).toHaveAttribute('data-outcome', 'transfer');
  await expect(page.getByTestId('results')).toContainText(`Caller answers${s.inputs[0]}`);
});
