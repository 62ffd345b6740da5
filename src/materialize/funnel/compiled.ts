import type { ModelNode } from '../../core/nodes.js';
import type { TargetConfig } from '../../project/schema.js';
import { analyticsDialectFor, quotingFor } from '../../engines/registry.js';
import { DEFAULT_PERSON, parseFunnelConfig } from './config.js';
import { resolvePerson } from './person.js';
import { funnelOutputs, planFunnel } from './plan.js';

/**
 * What `keel compile` writes for a funnel model: the statements a build runs (with the model's
 * SELECT inlined as the events), rather than the bare SELECT, which is only the funnel's input.
 */
export function funnelCompiledSql(node: ModelNode, target: TargetConfig): string {
  const spec = parseFunnelConfig(node.config.funnel, node.path);
  const person = resolvePerson(spec, undefined, node.path);
  const plan = planFunnel({ spec, person, eventsSql: node.compiledSql ?? '', dialect: analyticsDialectFor(target) });
  const { persons, steps } = funnelOutputs(node.relation!);
  const q = quotingFor(target);
  const personNote = spec.person
    ? `person ${spec.person.join(' > ')}`
    : `person ${DEFAULT_PERSON} (a build falls back to user_id > anonymous_id when the events have no ${DEFAULT_PERSON})`;
  return [
    `-- keel funnel ${node.name}: ${spec.steps.length} steps, order ${spec.order}, window ${spec.window.amount} ${spec.window.unit}${spec.window.amount === 1 ? '' : 's'}, ${personNote}`,
    `-- 1. per-person table ${q.quoteRelation(persons)}: the one scan of the model's events (${plan.strategy} plan on ${target.type})`,
    `${plan.personsSql};`,
    '',
    `-- 2. aggregate table ${q.quoteRelation(steps)}, from the per-person table`,
    `${plan.stepsSql(persons)};`,
  ].join('\n');
}
