// Spaces manifest.json leaves for later edits (JSON allows them between tokens), so a compile
// from the snapshot writes a few bytes in place instead of reading and rewriting the whole file
// (48 MB at 10,000 models).

/** after each model's entry: a later edit of the model (its raw and compiled SQL grow) fits in place */
export const MODEL_ENTRY_ROOM = 256;
/** after each model's parent_map entry: a ref added fits in place */
export const MODEL_PARENTS_ROOM = 64;
/** before the braces closing `nodes` and `parent_map`: about ten model files added fit in place */
export const ADDED_ROOM = { nodes: 16384, parents: 2048 } as const;
