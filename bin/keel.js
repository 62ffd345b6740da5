#!/usr/bin/env node
// DuckDB runs statements on libuv's thread pool (4 by default): size it before any I/O so --threads N really runs N at once.
process.env.UV_THREADPOOL_SIZE ??= '16';
const { main } = await import('../dist/cli/main.js');
process.exitCode = await main(process.argv.slice(2));
