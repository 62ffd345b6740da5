import type { Connector } from '../connector.js';
import { AthenaEngine } from './engine.js';
import { athenaSettings } from './settings.js';

export const connect: Connector = (target, _projectRoot, opts) => {
  if (target.type !== 'athena') throw new Error(`not an athena target: ${target.type}`);
  return new AthenaEngine(athenaSettings(target, opts.threads), { invocationId: opts.invocationId });
};
