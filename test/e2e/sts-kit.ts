import { STSClient, type Credentials } from '@aws-sdk/client-sts';
import { SNSClient } from '@aws-sdk/client-sns';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { SqsClientKind } from '../helpers/sqs-clients.js';

/**
 * Plumbing of the STS e2e suites (test/e2e/sts*.test.ts): SDK clients signing with an access key
 * (long-term) or with the temporary credentials STS handed out, and the error fields tests read.
 */
export interface Signing {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** `Credentials` of an AssumeRole/GetSessionToken answer as SDK credentials. */
export function temporary(c: Credentials | undefined): Signing {
  if (c?.AccessKeyId === undefined || c.SecretAccessKey === undefined || c.SessionToken === undefined) throw new Error('no credentials in the answer');
  return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
}

/**
 * Client settings: no retries; `offsetMs` shifts the client's signing clock (`systemClockOffset`)
 * so that it signs at the server's manual clock when a test has moved it.
 */
const config = (url: string, credentials: Signing, offsetMs = 0) => ({ endpoint: url, region: 'us-east-1', credentials, maxAttempts: 1, systemClockOffset: offsetMs });

export const stsClient = (url: string, c: Signing, offsetMs = 0) => new STSClient(config(url, c, offsetMs));
export const snsClient = (url: string, c: Signing, offsetMs = 0) => new SNSClient(config(url, c, offsetMs));
/** Kinesis over HTTP/1.1 (the h2 path is the same verifier; auth-kinesis.test.ts covers h2). */
export const kinesisClient = (url: string, c: Signing, offsetMs = 0) => new KinesisClient({ ...config(url, c, offsetMs), requestHandler: new NodeHttpHandler() });
export const sqsClient = (kind: SqsClientKind, url: string, c: Signing, offsetMs = 0) => new kind.sdk.SQSClient(config(url, c, offsetMs));

/** The rejection of `p` (fails the test when it resolves). */
export async function rejection(p: Promise<unknown>): Promise<any> {
  try {
    await p;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to be refused');
}

/** Query error code and status as a client exposes them (the 3.445 query client keeps the code in `Code`/`Error.Code`). */
export function codeOf(e: any): { code: string | undefined; status: number | undefined } {
  return { code: e?.Error?.Code ?? e?.Code ?? e?.name, status: e?.$metadata?.httpStatusCode };
}
