// The client runs in browsers: DOM types for src/docs/client (the rest of keel is Node-only and never touches them).
/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
