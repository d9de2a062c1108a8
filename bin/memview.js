#!/usr/bin/env node
// The `memview` command (package.json "bin"). See cli/main.js and docs/cli.md.

// Nothing here may die with a stack trace: not a failed import (the wasm
// missing from a broken install) nor a stray rejection.
process.on('uncaughtException', (err) => bail(err));
process.on('unhandledRejection', (err) => bail(err));

function bail(err) {
  const message = err && err.message ? String(err.message).split('\n')[0] : String(err);
  process.stderr.write(`memview: error: ${message}\n`);
  process.exit(1);
}

try {
  const { main } = await import('../cli/main.js');
  process.exitCode = await main(process.argv.slice(2));
} catch (err) {
  bail(err);
}
