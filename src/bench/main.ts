import { compileBench } from './compile-bench.js';
import { syncBench } from './sync-bench.js';
import { funnelBench } from './funnel-bench.js';

const [, , which = 'compile', ...rest] = process.argv;
const benches: Record<string, (args: string[]) => Promise<void>> = {
  compile: compileBench,
  sync: syncBench,
  funnel: funnelBench,
};
const bench = benches[which];
if (!bench) {
  console.error(`unknown benchmark '${which}'; available: ${Object.keys(benches).join(', ')}`);
  process.exit(2);
}
await bench(rest);
