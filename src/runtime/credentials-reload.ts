import type { AccountLimit } from './account-limits.js';
import { readCredentialsFile, type AccessKey } from './credentials.js';
import type { Log } from './logger.js';

/**
 * The keys and limits of a credentials file as the server uses them: maps every reader holds (the
 * SigV4 verifier, the request-rate limiter, the console's and backup route's Basic auth), so that
 * a re-read replaces what they see at once, between two requests.
 */
export interface LiveCredentials {
  readonly keys: Map<string, AccessKey>;
  readonly limits: Map<string, AccountLimit>;
}

/**
 * SIGHUP re-reads the credentials file (`--credentials <file>`): keys added, removed or given a new
 * secret, changed limits, and the users and roles with their policies (each key points at the
 * file's new directory, identity-config.ts), without a restart. The file is checked as at start; a file with a
 * mistake changes nothing (the keys and limits in use stay, and the log says why). Temporary
 * credentials already issued (STS) stay valid until they expire, as AWS's do when the key that
 * asked for them is deleted. Returns what stops listening.
 */
export function reloadCredentialsOnHangUp(path: string, live: LiveCredentials, log: Log): () => void {
  const onHangUp = () => {
    try {
      const next = readCredentialsFile(path);
      replaceAll(live.keys, next.keys);
      replaceAll(live.limits, next.limits ?? new Map());
      const iam = live.keys.values().next().value?.iam?.directory;
      log('info', 'credentials file re-read', { path, keys: live.keys.size, limits: live.limits.size, ...(iam && { users: iam.users.size, roles: iam.roles?.size }) });
    } catch (error) {
      log('error', 'credentials file not re-read: the keys and limits in use stay', { path, error: (error as Error).message });
    }
  };
  process.on('SIGHUP', onHangUp);
  return () => process.off('SIGHUP', onHangUp);
}

function replaceAll<V>(target: Map<string, V>, source: ReadonlyMap<string, V>): void {
  target.clear();
  for (const [k, v] of source) target.set(k, v);
}
