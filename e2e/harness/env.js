// Where the things under test are. `cargo xtask test` and `cargo xtask bench` set these; the defaults fit a
// checkout where `cargo build` and `trunk build --release --public-url /flowsim/ --dist target/e2e-dist` ran.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(here, '..', '..');
const target = process.env.CARGO_TARGET_DIR ? path.resolve(ROOT, process.env.CARGO_TARGET_DIR) : path.join(ROOT, 'target');

export const DIST = process.env.FLOWSIM_DIST || path.join(target, 'e2e-dist');
export const PUBLIC_PATH = process.env.FLOWSIM_PUBLIC_PATH || '/flowsim/';
export const FAKE_GENESYS_BIN = process.env.FAKE_GENESYS_BIN || path.join(target, 'debug', 'fake-genesys');
export const FLOWSIM_PROXY_BIN = process.env.FLOWSIM_PROXY_BIN || path.join(target, 'debug', 'flowsim-proxy');

export function chromiumPath() {
  return process.env.CHROMIUM_PATH || '/usr/bin/chromium';
}

// As the machine notes say: without the background-networking flags Chromium keeps dialling Google's hosts,
// which this network refuses. Playwright adds a fresh --user-data-dir itself.
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
