/**
 * The key a CLI command signs in to a server's admin routes with, when that server runs with
 * --credentials (runtime/credentials-basic.ts): AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY from
 * the environment, as for the aws CLI against the same endpoint, sent as HTTP Basic auth. Basic
 * auth carries the secret itself (SigV4 never does): use https for a server that is not local.
 */
export function basicAuthHeaders(env: NodeJS.ProcessEnv): Record<string, string> {
  const id = env.AWS_ACCESS_KEY_ID;
  const secret = env.AWS_SECRET_ACCESS_KEY;
  return id && secret ? { authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}` } : {};
}
