// The `uns-meta` command run from the checkout's sources (through ts-register.mjs) instead of dist/:
// what bin/uns-meta.js does, for tests that start the service as a child process.

import { main } from '../../src/cli/main.js';

process.exit(await main(process.argv));
