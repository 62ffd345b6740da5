import type { DocsNode } from '../types.js';

export interface SearchHit {
  node: DocsNode;
  score: number;
}

/*
 * Every word of the query must match the node somewhere; where it matches sets the rank:
 * the name first (exact, then prefix, then inside), then tags and columns, then text.
 */
const WEIGHTS = { exactName: 100, namePrefix: 40, name: 20, tag: 8, column: 5, path: 2, description: 1 };

function wordScore(node: DocsNode, word: string): number {
  const name = node.name.toLowerCase();
  const label = node.kind === 'source' ? `${node.sourceName}.${name}`.toLowerCase() : name;
  let score = 0;
  if (name === word || label === word) score += WEIGHTS.exactName;
  else if (name.startsWith(word) || label.startsWith(word)) score += WEIGHTS.namePrefix;
  else if (label.includes(word)) score += WEIGHTS.name;
  if (node.tags.some((t) => t.toLowerCase().includes(word))) score += WEIGHTS.tag;
  if (node.columns.some((c) => c.name.toLowerCase().includes(word))) score += WEIGHTS.column;
  if (node.path.toLowerCase().includes(word)) score += WEIGHTS.path;
  if (node.description.toLowerCase().includes(word)) score += WEIGHTS.description;
  return score;
}

/** On equal scores (an empty query) models come first: they are what people look for; tests last. */
const KIND_RANK: Record<string, number> = { model: 0, source: 1, seed: 2, test: 3 };

/** Nodes matching `query` (all of them for an empty query), best first, then by kind and name. */
export function searchNodes(nodes: DocsNode[], query: string, kinds?: ReadonlySet<string>): SearchHit[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const hits: SearchHit[] = [];
  for (const node of nodes) {
    if (kinds && !kinds.has(node.kind)) continue;
    let score = 0;
    let all = true;
    for (const w of words) {
      const s = wordScore(node, w);
      if (s === 0) {
        all = false;
        break;
      }
      score += s;
    }
    if (all) hits.push({ node, score });
  }
  return hits.sort((a, b) => b.score - a.score || KIND_RANK[a.node.kind] - KIND_RANK[b.node.kind] || a.node.name.localeCompare(b.node.name));
}
