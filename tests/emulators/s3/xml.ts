export function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** S3's error document: the SDK reads `Code` into the error's name. */
export function xmlError(code: string, message: string): string {
  return `<Error><Code>${xmlEscape(code)}</Code><Message>${xmlEscape(message)}</Message><RequestId>emulator</RequestId></Error>`;
}
