/** Edit distance (insertions, deletions, substitutions), used to suggest names for typos. */
export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length];
}

/**
 * The candidate closest to `target`, or undefined when nothing is close enough to be a
 * plausible typo (a far-off suggestion is more confusing than none).
 */
export function closestName(target: string, candidates: Iterable<string>): string | undefined {
  const maxDistance = Math.max(2, Math.floor(target.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = levenshtein(target.toLowerCase(), candidate.toLowerCase());
    const better = distance < bestDistance || (distance === bestDistance && best !== undefined && candidate < best);
    if (distance <= maxDistance && better) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** ` Did you mean 'x'?` or an empty string, to append to a not-found message. */
export function didYouMean(target: string, candidates: Iterable<string>): string {
  const suggestion = closestName(target, candidates);
  return suggestion === undefined ? '' : ` Did you mean '${suggestion}'?`;
}
