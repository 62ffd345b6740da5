/**
 * Which build of keel is running: the CLI bundle's content hash, written over the zeros when
 * src/cli/bundle.ts builds it (all zeros when running from the sources, as tests do). Caches of
 * compile results are keyed by it, so an upgraded keel never reuses what an older one compiled.
 */
export const BUILD_ID: string = 'keel-build-0000000000000000000000000000000000000000000000000000000000000000';
