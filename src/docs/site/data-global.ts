/** The window property docs-data.js assigns and the client reads. */
export const DATA_GLOBAL = '__KEEL_DOCS__';
