import type { CallRow } from './journey-harness.js';

/**
 * An id chain of `links` links: identify calls that link user u_k to hashed email e_k and e_k to
 * user u_(k+1), so that u_0 ... u_n are one person only through every link. Names come from a
 * seeded shuffle, so the smallest key sits anywhere along the chain rather than at one end. The
 * chain's first and last user each have a device with a page view.
 */
export function idChainCalls(links: number, seed = 1): CallRow[] {
  const users = Math.floor(links / 2) + 1;
  const userNames = shuffled(users, seed).map((k) => `u${String(k).padStart(6, '0')}`);
  const emailNames = shuffled(users, seed + 1).map((k) => `e${String(k).padStart(6, '0')}`);
  const t0 = Date.parse('2025-01-05T00:00:00Z');
  const calls: CallRow[] = [];
  const push = (over: Partial<CallRow>) => {
    const i = calls.length;
    calls.push({
      id: `c${String(i).padStart(6, '0')}`,
      anonymous_id: null,
      user_id: null,
      event: null,
      timestamp: t0 + i * 1000,
      received_at: t0 + i * 1000,
      page_path: null,
      utm_source: null,
      email_sha256: null,
      marketing_opt_in: null,
      ...over,
    });
  };
  for (let link = 0; link < links; link++) {
    const k = Math.floor(link / 2);
    push({ user_id: userNames[k + (link % 2)]!, email_sha256: emailNames[k]! });
  }
  const lastUser = userNames[Math.floor((links - 1) / 2) + ((links - 1) % 2)]!;
  push({ anonymous_id: 'device-first', user_id: userNames[0]!, event: 'page:Home' });
  push({ anonymous_id: 'device-last', user_id: lastUser, event: 'page:Home' });
  return calls;
}

function shuffled(n: number, seed: number): number[] {
  let s = seed;
  const next = () => (s = (s * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
  const out = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
