#!/usr/bin/env node
// DuckDB runs statements on libuv's thread pool (4 by default): size it before any I/O so --threads N really runs N at once.
process.env.UV_THREADPOOL_SIZE ??= '16';
// keel pins Node 20 (see package.json engines); the AWS SDK's per-run notice about it is noise in scheduled logs
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// `keel ls | head` closes the pipe early: that is not an error
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});
// the CLI runs bundled (dist/keel/); with --debug, stack traces map back to dist/'s files
if (process.argv.includes('--debug')) process.setSourceMapsEnabled(true);
const { main } = await import('../dist/keel/main.js');
process.exitCode = await main(process.argv.slice(2));
