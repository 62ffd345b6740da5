/**
 * Injected into the CommonJS CLI bundle (src/cli/bundle.ts) as `import.meta.url`, which CommonJS
 * lacks: the bundle's own URL, as each module's was before bundling for the paths keel resolves
 * relative to itself (the docs client, the `yaml` package). Never imported by keel's modules.
 */
export const importMetaUrl: string = require('node:url').pathToFileURL(__filename).href;
