// `node --import ./test/support/ts-register.mjs child.ts`: registers the TypeScript hooks of ts-hooks.mjs.

import { register } from 'node:module';

register('./ts-hooks.mjs', import.meta.url);
