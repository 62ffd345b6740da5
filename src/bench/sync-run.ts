import { runSync } from '../sync/run-sync.js';

/**
 * One `keel sync` in a process of its own, so its peak RSS is the sync's alone (the loopback
 * servers live in the parent). Prints one JSON line: wall time, peak RSS and what was sent.
 */
const [, , projectDir] = process.argv;
const notes: string[] = [];
const started = performance.now();
const r = await runSync({ projectDir: projectDir!, reporter: { started() {}, segment() {}, run() {}, finished() {}, note: (m) => notes.push(m) } });
const ms = performance.now() - started;
console.log(
  JSON.stringify({
    ms,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    success: r.success,
    notes,
    segments: r.segments.map((s) => ({ status: s.status, mode: s.mode, counts: s.counts, message: s.message })),
    runs: r.runs.map((x) => ({
      dataLines: x.dataLines,
      optoutLines: x.optoutLines,
      files: x.files.length,
      bytes: x.files.reduce((n, f) => n + f.bytes, 0),
      message: x.message,
    })),
  }),
);
