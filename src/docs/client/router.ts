/** A page of the site, from the URL's hash: `#/node/<id>`, `#/lineage?select=...`. Hash routes work from file://. */
export interface Route {
  /** first path segment: '' (catalog), node, lineage, funnel, segment */
  page: string;
  /** the rest of the path, decoded (a node id) */
  arg: string;
  params: URLSearchParams;
}

export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#\/?/, '');
  const q = raw.indexOf('?');
  const path = q === -1 ? raw : raw.slice(0, q);
  const params = new URLSearchParams(q === -1 ? '' : raw.slice(q + 1));
  const slash = path.indexOf('/');
  const page = slash === -1 ? path : path.slice(0, slash);
  const arg = slash === -1 ? '' : decodeURIComponent(path.slice(slash + 1));
  return { page, arg, params };
}

export function href(page: string, arg?: string, params?: Record<string, string>): string {
  const query = params ? new URLSearchParams(Object.entries(params).filter(([, v]) => v !== '')).toString() : '';
  return `#/${page}${arg ? `/${encodeURIComponent(arg)}` : ''}${query ? `?${query}` : ''}`;
}
