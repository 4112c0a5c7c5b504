// Brotli (quality 11, Node's zlib) size of every file under a directory, for `cargo xtask bench`:
//   node bench/sizes.js DIR   ->   one `SIZE <path relative to DIR> <raw bytes> <brotli bytes>` line per file
import fs from 'node:fs';
import path from 'node:path';
import { listFiles, brotli } from './gzip-static.js';

const dir = process.argv[2];
if (!dir || !fs.existsSync(dir)) {
  console.error('usage: node bench/sizes.js DIR (an existing directory)');
  process.exit(2);
}
for (const rel of listFiles(dir)) {
  const raw = fs.readFileSync(path.join(dir, rel));
  console.log(`SIZE ${rel} ${raw.length} ${brotli(raw).length}`);
}
