#!/usr/bin/env node
// Entry point of the `uns-meta` command; the compiled CLI lives in dist/ (built by `npm ci` via prepare).
// The exit code is set explicitly: a dependency's exit hook would otherwise turn every exit into 0.
import { main } from '../dist/src/cli/main.js';

process.exit(await main(process.argv));
