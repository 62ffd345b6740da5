export { buildJourney, journeyOutputs } from './materialize.js';
export { parseJourneyConfig, type JourneySpec } from './config.js';
