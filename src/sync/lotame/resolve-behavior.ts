import { KeelError } from '../../core/errors.js';
import type { LotameDestination, LotameSyncConfig } from '../../project/sync-schema.js';
import type { LotameAdminApi } from './admin-api.js';
import { ensureAudience, ensureBehavior, type BehaviorRef } from './behaviors.js';

export interface ResolvedBehavior {
  behavior: { name: string; id: number | null; created: boolean };
  audience?: BehaviorRef;
  /** said when a dry run would have created something */
  note?: string;
}

/**
 * The behavior a segment's members carry. With API credentials it is made sure to exist (and the
 * audience, when configured); in outbox mode the configured name is used as it is; a dry run only
 * looks things up.
 */
export async function resolveBehavior(
  api: LotameAdminApi | null,
  dest: LotameDestination,
  segment: string,
  config: LotameSyncConfig,
  dryRun: boolean,
): Promise<ResolvedBehavior> {
  const name = config.behavior ?? (config.behavior_id === undefined ? segment : undefined);
  if (!api) {
    if (!name)
      throw new KeelError(
        `segment '${segment}' names only behavior_id ${config.behavior_id}: its name (what the files carry) needs Lotame API credentials to look up`,
        { hint: 'Set sync.lotame.behavior as well, or set LOTAME_TOKEN and LOTAME_ACCESS_KEY.' },
      );
    return { behavior: { name, id: config.behavior_id ?? null, created: false } };
  }
  if (dryRun) {
    if (config.behavior_id !== undefined) {
      const b = await api.get<{ id: number; name: string }>(`behaviors/${config.behavior_id}`);
      return { behavior: { name: b.name, id: Number(b.id), created: false } };
    }
    const found = await api.get<{ Behavior?: Array<{ id: number; name: string }> }>('behaviors/search', { client_id: dest.client_id, searchTerm: name! });
    const hit = (found.Behavior ?? []).find((b) => b.name === name);
    return hit
      ? { behavior: { name: hit.name, id: Number(hit.id), created: false } }
      : { behavior: { name: name!, id: null, created: false }, note: `behavior '${name}' does not exist yet: a real sync creates it` };
  }
  const behavior = await ensureBehavior(api, {
    clientId: dest.client_id,
    name,
    behaviorId: config.behavior_id,
    description: config.description,
    behaviorTypeId: dest.behavior_type_id,
  });
  const audience = config.audience ? await ensureAudience(api, dest.client_id, config.audience, behavior.id) : undefined;
  return { behavior, audience };
}
