export { buildSegment, segmentOutputs } from './materialize.js';
export { parseSegmentConfig, type Rule, type SegmentSpec } from './config.js';
