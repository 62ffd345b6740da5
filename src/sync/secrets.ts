import { KeelError } from '../core/errors.js';

/** Environment variables whose values must never reach output, logs or artifacts. */
export const SECRET_VARIABLES = ['LOTAME_TOKEN', 'LOTAME_ACCESS_KEY', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN'] as const;

/**
 * Replaces every secret value found in `text` with `***`. Applied to each message keel prints or
 * records during a sync: an error body or a stack may echo a header back.
 */
export function redactor(env: NodeJS.ProcessEnv): (text: string) => string {
  const secrets = SECRET_VARIABLES.map((v) => env[v]).filter((s): s is string => typeof s === 'string' && s.length >= 4);
  return (text) => {
    let out = text;
    for (const s of secrets) out = out.split(s).join('***');
    return out;
  };
}

export interface LotameCredentials {
  token: string;
  accessKey: string;
}

/** Lotame's API credentials from the environment; undefined when neither is set (local outbox). */
export function lotameCredentials(env: NodeJS.ProcessEnv): LotameCredentials | undefined {
  const token = env.LOTAME_TOKEN?.trim();
  const accessKey = env.LOTAME_ACCESS_KEY?.trim();
  if (!token && !accessKey) return undefined;
  if (!token || !accessKey) {
    throw new KeelError(`set both LOTAME_TOKEN and LOTAME_ACCESS_KEY (only ${token ? 'LOTAME_TOKEN' : 'LOTAME_ACCESS_KEY'} is set)`);
  }
  return { token, accessKey };
}
