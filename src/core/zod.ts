import { z } from 'zod';

// Without this, zod compiles a parser per object schema with new Function on its first use: a few
// milliseconds on every start (eval'd code is not in the CLI's code cache) and no faster here.
z.config({ jitless: true });

/** zod, configured for keel: schema modules import `z` from here. */
export { z };
