// A static server for the load bench: several release builds, each under its own path, every file sent
// gzip-compressed (level 9, compressed once at start) with `Content-Encoding: gzip` when the browser accepts it,
// the right Content-Type (`application/wasm` for the wasm, which streaming compilation requires), and no caching.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';

const HOST = '127.0.0.1';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
};

/** Every file under dir, as paths relative to it with `/` separators. */
export function listFiles(dir) {
  const out = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.push(path.relative(dir, p).split(path.sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

export function gzip(bytes) {
  return zlib.gzipSync(bytes, { level: 9 });
}

export function brotli(bytes) {
  return zlib.brotliCompressSync(bytes, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  });
}

/**
 * Serves `mounts` ({ '/flowsim/': '/path/to/dist', ... }) on 127.0.0.1. Resolves with
 * { url, stop(), served: { [mount]: { files: n, raw, gzip } } } (bytes over all files of each mount).
 */
export async function startGzipStatic(mounts) {
  const files = new Map();
  const served = {};
  for (const [mount, dir] of Object.entries(mounts)) {
    if (!mount.startsWith('/') || !mount.endsWith('/')) throw new Error(`mount ${mount} must start and end with /`);
    if (!fs.existsSync(path.join(dir, 'index.html'))) throw new Error(`${dir}/index.html does not exist: build it first`);
    const sum = { files: 0, raw: 0, gzip: 0 };
    for (const rel of listFiles(dir)) {
      const raw = fs.readFileSync(path.join(dir, rel));
      const gz = gzip(raw);
      const type = TYPES[path.extname(rel).toLowerCase()] || 'application/octet-stream';
      files.set(mount + rel, { raw, gz, type });
      sum.files += 1;
      sum.raw += raw.length;
      sum.gzip += gz.length;
    }
    served[mount] = sum;
  }

  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    let pathname = new URL(req.url, `http://${HOST}`).pathname;
    if (pathname.endsWith('/')) pathname += 'index.html';
    const f = files.get(pathname);
    if (!f) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('404 Not Found\n');
      return;
    }
    const gzipOk = /\bgzip\b/.test(req.headers['accept-encoding'] || '');
    const body = gzipOk ? f.gz : f.raw;
    const headers = {
      'content-type': f.type,
      'content-length': body.length,
      'cache-control': 'no-store',
      vary: 'Accept-Encoding',
    };
    if (gzipOk) headers['content-encoding'] = 'gzip';
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  const port = await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, HOST, () => resolve(server.address().port));
  });
  return {
    url: `http://${HOST}:${port}`,
    served,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
