import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestServer, type EngineName, type TestServer } from '../helpers/server.js';
import { ALICE, BOB } from './auth-keys.js';
import { errorMessage, isSqsError } from '../helpers/sqs-clients.js';
import { codeOf, type Signing } from './sts-kit.js';

/**
 * Plumbing of the identity-policy e2e suites (test/e2e/iam-*.test.ts): a credentials file with
 * IAM users and roles (README "Identity policies"), keys that name the users, and policy documents.
 */
export const A = ALICE.accountId;
export const B = BOB.accountId;
/** A user of A's whose policies the suites set. */
export const SENDER = { accessKeyId: 'AKIASENDEREXAMPLE003', secretAccessKey: 'sender/secret+Key0003', accountId: A, user: 'sender' };
/** A user of B's who may assume A's role `cross`. */
export const BOBDEV = { accessKeyId: 'AKIABOBDEVEXAMPLE004', secretAccessKey: 'bobdev/secret+Key004', accountId: B, user: 'bob-dev' };

export const signing = (k: { accessKeyId: string; secretAccessKey: string }): Signing => ({ accessKeyId: k.accessKeyId, secretAccessKey: k.secretAccessKey });
export const document = (...statements: object[]) => ({ Version: '2012-10-17', Statement: statements });
export const userArn = (account: string, name: string) => `arn:aws:iam::${account}:user/${name}`;
export const roleArn = (account: string, name: string) => `arn:aws:iam::${account}:role/${name}`;

/** "User: <who> is not authorized to perform: <action> on resource: <arn> <why>", as AWS words it. */
export function refusal(who: string, action: string, resource: string, why: 'identity' | 'identity-explicit' | 'session' | 'implicit'): string {
  const reason = {
    identity: `because no identity-based policy allows the ${action} action`,
    'identity-explicit': 'with an explicit deny in an identity-based policy',
    session: `because no session policy allows the ${action} action`,
    implicit: `because no resource-based policy allows the ${action} action`,
  }[why];
  return `User: ${who} is not authorized to perform: ${action} on resource: ${resource} ${reason}`;
}

/** An SQS refusal as AWS gives it: AccessDenied (AccessDeniedException in JSON), 403, with `message`. */
export function sqsAccessDenied(e: unknown, message: string): void {
  assert.ok(isSqsError(e, 'AccessDeniedException', 'AccessDenied'), `expected AccessDenied, got ${(e as any)?.name}: ${errorMessage(e)}`);
  assert.equal(codeOf(e).status, 403);
  assert.equal(errorMessage(e), message);
}

/** A server over `engine` with `content` as its credentials file (ALICE and BOB are roots); close() removes the file. */
export async function startIamServer(engine: EngineName, content: object, settings: Record<string, string> = { enforcePolicies: 'true' }): Promise<TestServer & { readonly file: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-iam-'));
  const file = join(dir, 'credentials.json');
  writeFileSync(file, JSON.stringify(content));
  const server = await startTestServer(engine, {}, { credentials: file, kinesisCreateDelayMs: '50', ...settings });
  return {
    ...server,
    file,
    async close() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function withRoots(keys: object[]): object[] {
  return [ALICE, BOB, ...keys];
}
