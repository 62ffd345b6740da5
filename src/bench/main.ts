import { buildBench } from './build-bench.js';
import { compileBench } from './compile-bench.js';
import { syncBench } from './sync-bench.js';
import { funnelBench } from './funnel-bench.js';
import { journeyBench } from './journey-bench.js';

// as in bin/keel.js: the AWS SDK's notice about Node 20 is noise in benchmark output
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const [, , which = 'compile', ...rest] = process.argv;
const benches: Record<string, (args: string[]) => Promise<void>> = {
  compile: compileBench,
  sync: syncBench,
  funnel: funnelBench,
  journey: journeyBench,
  build: buildBench,
};
const bench = benches[which];
if (!bench) {
  console.error(`unknown benchmark '${which}'; available: ${Object.keys(benches).join(', ')}`);
  process.exit(2);
}
await bench(rest);
