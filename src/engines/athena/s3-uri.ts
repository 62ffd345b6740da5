export interface S3Location {
  bucket: string;
  /** key prefix without a leading slash; ends with '/' when it names a folder */
  key: string;
}

export function parseS3Uri(uri: string): S3Location {
  const m = /^s3a?:\/\/([^/]+)\/?(.*)$/.exec(uri);
  if (!m) throw new Error(`not an S3 URI: ${uri}`);
  return { bucket: m[1]!, key: m[2]! };
}

export function s3Uri(loc: S3Location): string {
  return `s3://${loc.bucket}/${loc.key}`;
}

/** Folder URIs compare with a trailing slash so that `t/1/` never matches `t/10/`. */
export function folderUri(uri: string): string {
  return uri.endsWith('/') ? uri : `${uri}/`;
}

export function isUnder(uri: string, folder: string): boolean {
  return uri.startsWith(folderUri(folder));
}
