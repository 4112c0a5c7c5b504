// Starts every server once for the whole run and publishes their URLs to the tests through process.env
// (Playwright's workers inherit the runner's environment). The returned function stops them all.
import { DIST, PUBLIC_PATH, FAKE_GENESYS_BIN, FLOWSIM_PROXY_BIN } from './env.js';
import {
  freePort,
  startCorsAnywhere,
  startFake,
  startFlowsimProxy,
  startLcp,
  startOddServer,
  startStatic,
  startTemplateProxy,
} from './servers.js';

export default async function globalSetup() {
  const started = [];
  const keep = (s) => {
    started.push(s);
    return s;
  };
  const stopAll = async () => {
    await Promise.allSettled(started.reverse().map((s) => s.stop()));
  };
  try {
    const stat = keep(await startStatic(DIST, PUBLIC_PATH));
    // The demo org as a real Genesys API: no CORS, reached through proxies.
    // The app's address is registered as a redirect URI of the demo OAuth client (sign-in tests).
    const signIn = ['--redirect-uri', stat.appUrl];
    const fake = keep(await startFake(FAKE_GENESYS_BIN, 'fake-genesys', signIn));
    // The same org with CORS, for direct (no proxy) runs.
    const fakeCors = keep(await startFake(FAKE_GENESYS_BIN, 'fake-genesys-cors', ['--cors', ...signIn]));
    // Slow: every answer after 3 s, for Cancel.
    const fakeSlow = keep(await startFake(FAKE_GENESYS_BIN, 'fake-genesys-slow', ['--cors', '--latency-ms', '3000']));
    // Its own instance for throttled-token / always-throttled-token: their counters are per process.
    const fakeThrottle = keep(await startFake(FAKE_GENESYS_BIN, 'fake-genesys-throttle'));
    // At most 2 requests per minute per token.
    const fakeLimited = keep(await startFake(FAKE_GENESYS_BIN, 'fake-genesys-limited', ['--rate-limit', '2']));
    const proxy = keep(await startFlowsimProxy(FLOWSIM_PROXY_BIN, [fake.url, fakeThrottle.url, fakeLimited.url]));
    // A flowsim-proxy that forwards to no local server (Genesys Cloud hosts only): it refuses the fakes.
    const refusing = keep(await startFlowsimProxy(FLOWSIM_PROXY_BIN, [], 'flowsim-proxy-refusing'));
    const ca = keep(await startCorsAnywhere());
    const tpl = keep(await startTemplateProxy([fake.url]));
    const lcp = keep(await startLcp(fake.url));
    const odd = keep(await startOddServer());
    const closedPort = await freePort();

    Object.assign(process.env, {
      E2E_APP_URL: stat.appUrl,
      E2E_STATIC_ORIGIN: stat.url,
      E2E_FAKE: fake.url,
      E2E_FAKE_CORS: fakeCors.url,
      E2E_FAKE_SLOW: fakeSlow.url,
      E2E_FAKE_THROTTLE: fakeThrottle.url,
      E2E_FAKE_LIMITED: fakeLimited.url,
      E2E_PROXY: `${proxy.url}/`,
      E2E_PROXY_REFUSING: `${refusing.url}/`,
      E2E_CORS_ANYWHERE: ca.prefix,
      E2E_TEMPLATE: tpl.template,
      E2E_LCP_BASE: lcp.base,
      E2E_ODD: odd.url,
      E2E_CLOSED_PORT_URL: `http://127.0.0.1:${closedPort}/`,
    });
    console.log(
      `[e2e] app ${stat.appUrl} | fake ${fake.url} (cors ${fakeCors.url}, slow ${fakeSlow.url}, throttle ${fakeThrottle.url}, limited ${fakeLimited.url})` +
        ` | flowsim-proxy ${proxy.url} | cors-anywhere ${ca.url} | template ${tpl.url} | lcp ${lcp.base} | odd ${odd.url}`,
    );
  } catch (e) {
    await stopAll();
    throw e;
  }
  return stopAll;
}
