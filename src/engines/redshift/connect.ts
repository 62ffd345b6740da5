import type { Connector } from '../connector.js';
import { redshiftConfigFromTarget } from './config.js';
import { RedshiftEngine } from './engine.js';

export const connect: Connector = (target, _projectRoot, opts) => {
  if (target.type !== 'redshift') throw new Error(`not a redshift target: ${target.type}`);
  return new RedshiftEngine(redshiftConfigFromTarget(target, opts.threads));
};
