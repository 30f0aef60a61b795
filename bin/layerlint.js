#!/usr/bin/env node
// Thin launcher: the CLI lives in dist/ (built by `npm run build`, which `npm ci` runs via `prepare`).
import { main } from "../dist/src/cli/main.js";

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    // Only a bug in layerlint gets here: user errors are answered with exit code 2 inside main().
    process.stderr.write(`layerlint: internal error: ${error?.stack ?? error}\n`);
    process.exitCode = 2;
  },
);
