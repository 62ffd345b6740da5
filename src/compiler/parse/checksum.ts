import crypto from 'node:crypto';

export function checksum(...parts: Array<string | Buffer>): string {
  // one-shot hashing (Node 20.12+) is several times faster on the short texts of YAML tests
  if (typeof crypto.hash === 'function' && parts.every((p, i) => typeof p === 'string' && (i === parts.length - 1 || !endsInHighSurrogate(p)))) {
    return crypto.hash('sha256', parts.length === 1 ? (parts[0] as string) : parts.join(''), 'hex');
  }
  const h = crypto.createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest('hex');
}

/** Joined, such a string would pair with the next one's first character instead of being encoded on its own. */
function endsInHighSurrogate(text: string): boolean {
  const last = text.charCodeAt(text.length - 1);
  return last >= 0xd800 && last <= 0xdbff;
}
