// cors-anywhere (npm) on 127.0.0.1 for proxy-bench: prints `cors-anywhere listening on http://127.0.0.1:PORT`
// and runs until SIGTERM/SIGINT.
import { startCorsAnywhere } from '../harness/servers.js';

const server = await startCorsAnywhere();
console.log(`cors-anywhere listening on ${server.url}`);
const stop = async () => {
  await server.stop();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
