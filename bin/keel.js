#!/usr/bin/env node
// CommonJS (see bin/package.json): a CommonJS entry starts a few milliseconds sooner than an ES module
'use strict';
// DuckDB runs statements on libuv's thread pool (4 by default): size it before any I/O so --threads N really runs N at once.
process.env.UV_THREADPOOL_SIZE ??= '16';
// keel pins Node 20 (see package.json engines); the AWS SDK's per-run notice about it is noise in scheduled logs
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// `keel ls | head` closes the pipe early: that is not an error
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});
// the CLI runs bundled (dist/keel/, see src/cli/bundle.ts), from a V8 code cache (src/cli/cached-bundle.ts)
const { join } = require('node:path');
require('../dist/keel/launch.cjs')
  .launch(join(__dirname, '..', 'dist', 'keel', 'main.cjs'), process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
