/** Shell-style wildcards as dbt's fnmatch: `*` any run of characters, `?` one, `[abc]` / `[!abc]` a set. */
export function hasWildcard(pattern: string): boolean {
  return /[*?[\]]/.test(pattern);
}

/** A matcher for `pattern`; plain equality when it has no wildcard, which is the common case. */
export function globMatcher(pattern: string): (text: string) => boolean {
  if (!hasWildcard(pattern)) return (text) => text === pattern;
  const regex = globToRegExp(pattern);
  return (text) => regex.test(text);
}

export function globToRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === '*') source += '.*';
    else if (char === '?') source += '.';
    else if (char === '[') {
      const close = pattern.indexOf(']', i + 2);
      if (close === -1) {
        source += '\\[';
        continue;
      }
      let set = pattern.slice(i + 1, close);
      if (set.startsWith('!')) set = `^${set.slice(1)}`;
      source += `[${set.replace(/\\/g, '\\\\')}]`;
      i = close;
    } else source += char.replace(/[.+^${}()|\\\]]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 's');
}
