/**
 * Decodes an `aws-chunked` body (SigV4 streaming or checksum trailers): `<hex size>[;ext]\r\n<data>\r\n`
 * repeated, ending with a zero-size chunk and optional trailer lines. The SDK uses it when it
 * streams a body of unknown length with a checksum.
 */
export function decodeAwsChunked(body: Buffer): Buffer {
  const out: Buffer[] = [];
  let pos = 0;
  for (;;) {
    const lineEnd = body.indexOf('\r\n', pos);
    if (lineEnd < 0) throw new Error('malformed aws-chunked body: missing chunk header');
    const size = Number.parseInt(body.subarray(pos, lineEnd).toString('latin1').split(';')[0]!, 16);
    if (!Number.isFinite(size)) throw new Error('malformed aws-chunked body: bad chunk size');
    pos = lineEnd + 2;
    if (size === 0) return Buffer.concat(out);
    out.push(body.subarray(pos, pos + size));
    pos += size + 2;
  }
}
