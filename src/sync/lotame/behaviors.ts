import { KeelError } from '../../core/errors.js';
import { classifyApiError, LotameApiError, type LotameAdminApi } from './admin-api.js';

export interface BehaviorRef {
  id: number;
  name: string;
  /** created by this sync */
  created: boolean;
}

interface Named {
  id: number | string;
  name: string;
  clientId?: number | string;
}

export interface EnsureBehavior {
  clientId: string;
  name?: string;
  behaviorId?: number;
  description?: string;
  behaviorTypeId?: number;
}

/**
 * The segment's behavior: by id when configured, else found by exact name, else created.
 * Idempotent: a create whose answer was lost (timeout, 5xx) is followed by a new search before any
 * second create, so one name never yields two behaviors.
 */
export async function ensureBehavior(api: LotameAdminApi, want: EnsureBehavior): Promise<BehaviorRef> {
  if (want.behaviorId !== undefined) {
    const b = await api.get<Named>(`behaviors/${want.behaviorId}`);
    if (want.name && b.name !== want.name) {
      throw new KeelError(`Lotame behavior ${want.behaviorId} is named '${b.name}', but the sync config says behavior '${want.name}'`);
    }
    return { id: Number(b.id), name: b.name, created: false };
  }
  const name = want.name!;
  return findOrCreate(api, {
    search: () => api.getOnce<{ Behavior?: Named[] }>('behaviors/search', { client_id: want.clientId, searchTerm: name }).then((r) => r.Behavior ?? []),
    matches: (b) => b.name === name && (b.clientId === undefined || String(b.clientId) === want.clientId),
    create: () => {
      if (want.behaviorTypeId === undefined) {
        throw new KeelError(`Lotame behavior '${name}' does not exist and keel cannot create it without destinations.lotame.behavior_type_id`, {
          hint: 'Set behavior_type_id in project.yml (the behavior type your Lotame account uses for onboarded segments), or create the behavior in Lotame.',
        });
      }
      return api.postOnce<Named>('behaviors', {
        name,
        description: want.description ?? `keel segment ${name}`,
        clientId: Number(want.clientId),
        behaviorTypeId: want.behaviorTypeId,
      });
    },
  });
}

/** A Lotame audience made of the one behavior, found by exact name or created. An existing audience is left as it is. */
export async function ensureAudience(api: LotameAdminApi, clientId: string, name: string, behaviorId: number): Promise<BehaviorRef> {
  return findOrCreate(api, {
    search: () => api.getOnce<{ Audience?: Named[] }>('audiences/search', { client_id: clientId, searchTerm: name }).then((r) => r.Audience ?? []),
    matches: (a) => a.name === name && (a.clientId === undefined || String(a.clientId) === clientId),
    create: () =>
      api.postOnce<Named>('audiences', {
        clientId: Number(clientId),
        name,
        overlapOnly: true,
        definition: { component: [{ operator: null, complexAudienceBehavior: { behavior: { id: behaviorId } } }] },
      }),
  });
}

async function findOrCreate(
  api: LotameAdminApi,
  how: { search: () => Promise<Named[]>; matches: (x: Named) => boolean; create: () => Promise<Named> },
): Promise<BehaviorRef> {
  return api.retrying(
    async () => {
      const found = (await how.search()).filter(how.matches).sort((a, b) => Number(a.id) - Number(b.id));
      if (found[0]) return { id: Number(found[0].id), name: found[0].name, created: false };
      const created = await how.create();
      return { id: Number(created.id), name: created.name, created: true };
    },
    // 409: someone (or our own lost attempt) created it meanwhile; the next search finds it
    (e) => (e instanceof LotameApiError && e.status === 409 ? { retry: true } : classifyApiError(e)),
  );
}
