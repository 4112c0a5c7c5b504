// The servers the browser tests and benches talk to. Everything binds 127.0.0.1 on a free port.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
export const LOG_DIR = path.resolve(here, '..', 'test-results', 'logs');

const HOST = '127.0.0.1';

/** A free TCP port on 127.0.0.1 (for tools that cannot be told `--port 0`). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, HOST, () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function listen(server, port = 0) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, HOST, () => resolve(server.address().port));
  });
}

/** Closes an http.Server, cutting keep-alive connections. */
function closeServer(server) {
  return new Promise((resolve) => {
    server.closeAllConnections?.();
    server.close(() => resolve());
  });
}

/** Resolves once something accepts TCP connections on port. */
export async function waitForPort(port, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise((resolve) => {
      const s = net.connect(port, HOST);
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on ${HOST}:${port} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Starts a program that prints `... listening on http://127.0.0.1:PORT` and resolves with its URL.
 * Output goes to test-results/logs/<name>.log. The child dies with us (stop() or process exit).
 */
export function spawnListening(name, bin, args, { timeoutMs = 30_000, cwd } = {}) {
  if (!fs.existsSync(bin)) {
    throw new Error(`${bin} does not exist: build it first (cargo build -p ${path.basename(bin)})`);
  }
  fs.mkdirSync(LOG_DIR, { recursive: true });
  const log = fs.createWriteStream(path.join(LOG_DIR, `${name}.log`));
  const child = spawn(bin, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  track(child);
  child.stderr.pipe(log, { end: false });
  return new Promise((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} did not say "listening on" within ${timeoutMs} ms (log: ${LOG_DIR}/${name}.log)`));
    }, timeoutMs);
    child.once('exit', (code, sig) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code ?? sig}) before listening; see ${LOG_DIR}/${name}.log`));
    });
    child.stdout.on('data', (chunk) => {
      log.write(chunk);
      if (buf === null) return;
      buf += chunk.toString();
      const m = buf.match(/listening on (http:\/\/[^\s]+)/);
      if (m) {
        buf = null;
        clearTimeout(timer);
        child.removeAllListeners('exit');
        const url = m[1].replace(/\/$/, '');
        resolve({ name, url, port: Number(new URL(url).port), child, stop: () => stopChild(child) });
      }
    });
  });
}

const children = new Set();
function track(child) {
  children.add(child);
  child.once('exit', () => children.delete(child));
}
process.once('exit', () => {
  for (const c of children) c.kill('SIGKILL');
});

function stopChild(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const t = setTimeout(() => child.kill('SIGKILL'), 3000);
    child.once('exit', () => {
      clearTimeout(t);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** fake-genesys on a free port; `flags` e.g. ['--cors', '--latency-ms', '3000']. */
export function startFake(bin, name, flags = []) {
  return spawnListening(name, bin, ['--port', '0', ...flags]);
}

/** flowsim-proxy on a free port, allowing the given upstream origins. */
export function startFlowsimProxy(bin, upstreams, name = 'flowsim-proxy') {
  return spawnListening(name, bin, ['--port', '0', ...upstreams.flatMap((u) => ['--allow-upstream', u])]);
}

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

export const HTML_502 = `<!DOCTYPE html>
<html><head><title>502 Bad Gateway</title></head>
<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>
`;

/**
 * The release build under `publicPath` (as on GitHub Pages), 404 elsewhere. `/api/...` answers a 502 HTML
 * page, like a gateway in front of a dead API: pointing the app's API base at this server's origin
 * exercises the HTML-body error (same origin, so no CORS is involved).
 */
export async function startStatic(dist, publicPath = '/flowsim/') {
  if (!fs.existsSync(path.join(dist, 'index.html'))) {
    throw new Error(`${dist}/index.html does not exist: run trunk build --release --public-url ${publicPath} --dist ${dist}`);
  }
  const root = path.resolve(dist);
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, `http://${HOST}`);
    if (url.pathname.startsWith('/api/')) {
      res.writeHead(502, { 'content-type': 'text/html', 'content-length': Buffer.byteLength(HTML_502) });
      res.end(req.method === 'HEAD' ? undefined : HTML_502);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (url.pathname === publicPath.replace(/\/$/, '')) {
      res.writeHead(301, { location: publicPath }).end();
      return;
    }
    if (!url.pathname.startsWith(publicPath)) return notFound(res);
    let rel;
    try {
      rel = decodeURIComponent(url.pathname.slice(publicPath.length));
    } catch {
      return notFound(res);
    }
    if (rel === '' || rel.endsWith('/')) rel += 'index.html';
    const file = path.resolve(root, rel);
    if (file !== root && !file.startsWith(root + path.sep)) return notFound(res);
    fs.stat(file, (err, st) => {
      if (err || !st.isFile()) return notFound(res);
      res.writeHead(200, {
        'content-type': MIME[path.extname(file).toLowerCase()] || 'application/octet-stream',
        'content-length': st.size,
        'cache-control': 'no-cache',
      });
      if (req.method === 'HEAD') return res.end();
      fs.createReadStream(file).pipe(res);
    });
  });
  const port = await listen(server);
  return { name: 'static', url: `http://${HOST}:${port}`, port, appUrl: `http://${HOST}:${port}${publicPath}`, stop: () => closeServer(server) };
}

function notFound(res) {
  res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
  res.end('404 Not Found\n');
}

const EXPOSE = 'Retry-After, ININ-Correlation-Id';

function corsHeaders(req) {
  return {
    'access-control-allow-origin': req.headers.origin || '*',
    'access-control-allow-methods': 'GET, POST, OPTIONS',
    'access-control-allow-headers': req.headers['access-control-request-headers'] || 'authorization, content-type',
    'access-control-expose-headers': EXPOSE,
    'access-control-max-age': '600',
    vary: 'Origin',
  };
}

/**
 * A query-style template proxy (`/?url=<encodeURIComponent(target)>`, like corsproxy.io): forwards the method,
 * Authorization, Content-Type, Accept and the body; answers preflights naming authorization; exposes
 * Retry-After and ININ-Correlation-Id. Forwards only to the given origins.
 */
export async function startTemplateProxy(allowedOrigins) {
  const allowed = new Set(allowedOrigins.map((u) => new URL(u).origin));
  const server = http.createServer(async (req, res) => {
    const cors = corsHeaders(req);
    if (req.method === 'OPTIONS') {
      res.writeHead(204, cors).end();
      return;
    }
    const reqUrl = new URL(req.url, `http://${HOST}`);
    const target = reqUrl.searchParams.get('url');
    let t;
    try {
      t = new URL(target);
    } catch {
      res.writeHead(400, { ...cors, 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: 'template proxy: ?url= must be an absolute URL' }));
      return;
    }
    if (!allowed.has(t.origin)) {
      res.writeHead(403, { ...cors, 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: `template proxy: ${t.origin} is not allowed` }));
      return;
    }
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const headers = {};
    for (const h of ['authorization', 'content-type', 'accept']) if (req.headers[h]) headers[h] = req.headers[h];
    try {
      const up = await fetch(t, {
        method: req.method,
        headers,
        body: chunks.length && req.method !== 'GET' && req.method !== 'HEAD' ? Buffer.concat(chunks) : undefined,
        redirect: 'manual',
      });
      const out = { ...cors };
      for (const h of ['content-type', 'retry-after', 'inin-correlation-id']) {
        const v = up.headers.get(h);
        if (v) out[h] = v;
      }
      const body = Buffer.from(await up.arrayBuffer());
      res.writeHead(up.status, out);
      res.end(body);
    } catch (e) {
      res.writeHead(502, { ...cors, 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: `template proxy: upstream failed: ${e.message}` }));
    }
  });
  const port = await listen(server);
  const url = `http://${HOST}:${port}`;
  return { name: 'template-proxy', url, port, template: `${url}/?url={url}`, stop: () => closeServer(server) };
}

/** cors-anywhere (npm), in this process, prefix style: `http://127.0.0.1:P/<raw target URL>`. */
export async function startCorsAnywhere() {
  const corsAnywhere = require('cors-anywhere');
  const server = corsAnywhere.createServer({
    originWhitelist: [],
    requireHeader: [],
    removeHeaders: ['cookie', 'cookie2'],
  });
  const port = await listen(server);
  const url = `http://${HOST}:${port}`;
  return { name: 'cors-anywhere', url, port, prefix: `${url}/`, stop: () => closeServer(server) };
}

/**
 * local-cors-proxy's own CLI (`lcp --proxyUrl U --port P --proxyPartial proxy`), run through a shim that makes
 * its `listen(port)` bind 127.0.0.1 instead of every interface. Base style: `http://127.0.0.1:P/proxy`.
 */
export async function startLcp(upstream) {
  const port = await freePort();
  fs.mkdirSync(LOG_DIR, { recursive: true });
  const log = fs.openSync(path.join(LOG_DIR, 'lcp.log'), 'w');
  const child = spawn(
    process.execPath,
    [path.join(here, 'lcp-loopback.cjs'), '--proxyUrl', upstream, '--port', String(port), '--proxyPartial', 'proxy'],
    { stdio: ['ignore', log, log] },
  );
  track(child);
  await waitForPort(port);
  const url = `http://${HOST}:${port}`;
  return { name: 'lcp', url, port, base: `${url}/proxy`, child, stop: () => stopChild(child) };
}

/** A trace of `n` steps in the tutorial's contract, the lookup (found) third. */
export function bigTrace(n) {
  const types = ['SetParticipantDataAction', 'DecisionAction', 'UpdateDataAction', 'PlayAudioAction', 'SetScreenPopAction'];
  const trace = [];
  for (let i = 0; i < n; i++) {
    const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    if (i === 2) {
      trace.push({
        nodeId: id,
        nodeName: 'Get External Contact',
        nodeType: 'GetExternalContactAction',
        result: {
          contact: { id: 'c4ff0e91-aaf0-4716-961b-d8626ab04b1a', name: 'Ada Lovelace', email: 'ada.lovelace@example.com', attributes: { tier: 'Gold', language: 'en' } },
          error: null,
        },
      });
    } else {
      trace.push({ nodeId: id, nodeName: `Step ${i + 1}`, nodeType: types[i % types.length], result: { contact: null, error: null } });
    }
  }
  return { status: 'completed', trace };
}

/**
 * A server with CORS that plays broken or unusual simulation endpoints; the Bearer token picks the answer:
 * `malformed-json` (application/json that does not parse), `not-json` (200 text/plain), `big-<N>` (a valid
 * N-step trace). Any other token gets a 400 JSON error.
 */
export async function startOddServer() {
  const cache = new Map();
  const server = http.createServer(async (req, res) => {
    const cors = corsHeaders(req);
    if (req.method === 'OPTIONS') {
      res.writeHead(204, cors).end();
      return;
    }
    for await (const _ of req);
    const token = (req.headers.authorization || '').replace(/^Bearer\s+/i, '');
    const send = (status, type, body) => {
      res.writeHead(status, { ...cors, 'content-type': type, 'inin-correlation-id': 'odd-0001' });
      res.end(body);
    };
    if (token === 'malformed-json') return send(200, 'application/json', '{"status": "completed", "trace": [{"nodeId": "x", ');
    if (token === 'not-json') return send(200, 'text/plain', 'Hello from a server that does not speak JSON.\n');
    const big = token.match(/^big-(\d+)$/);
    if (big) {
      const n = Math.min(Number(big[1]), 100_000);
      if (!cache.has(n)) cache.set(n, JSON.stringify(bigTrace(n)));
      return send(200, 'application/json', cache.get(n));
    }
    send(400, 'application/json', JSON.stringify({ message: `odd server: unknown token`, code: 'bad.request', status: 400 }));
  });
  const port = await listen(server);
  return { name: 'odd', url: `http://${HOST}:${port}`, port, stop: () => closeServer(server) };
}
