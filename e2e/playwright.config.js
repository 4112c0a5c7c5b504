// Browser tests for flowsim. Debian's Chromium (never Playwright's download), the release build served
// from /flowsim/, servers started once by harness/global-setup.js on free 127.0.0.1 ports.
import { defineConfig } from '@playwright/test';
import { chromiumPath, CHROMIUM_ARGS } from './harness/env.js';

export default defineConfig({
  testDir: './tests',
  globalSetup: './harness/global-setup.js',
  fullyParallel: false,
  workers: Number(process.env.E2E_WORKERS || 2),
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  forbidOnly: !!process.env.CI,
  reporter: [['list'], ['junit', { outputFile: 'test-results/junit.xml' }]],
  outputDir: 'test-results/artifacts',
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: { executablePath: chromiumPath(), args: CHROMIUM_ARGS },
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
});
