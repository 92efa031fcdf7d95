import * as current from '@aws-sdk/client-sqs';
// @ts-ignore -- the same package at 3.445.0 (query protocol), installed under an npm alias
import * as legacy from 'sqs-v3445';

/**
 * The SQS clients every SQS e2e test runs with: the current JS SDK (AWS JSON 1.0) and
 * @aws-sdk/client-sqs@3.445.0, the last release that speaks the query protocol (form + XML).
 * Both expose the same command classes, so a test is written once against `sdk`.
 */
export interface SqsClientKind {
  readonly protocol: 'json' | 'query';
  readonly sdk: typeof current;
  client(endpoint: string, options?: { region?: string; accessKeyId?: string }): current.SQSClient;
}

function make(protocol: 'json' | 'query', sdk: typeof current): SqsClientKind {
  return {
    protocol,
    sdk,
    client: (endpoint, options = {}) =>
      new sdk.SQSClient({
        endpoint,
        region: options.region ?? 'us-east-1',
        credentials: { accessKeyId: options.accessKeyId ?? 'AKIDEXAMPLE', secretAccessKey: 'secret' },
        maxAttempts: 1,
      }),
  };
}

export const SQS_CLIENTS: readonly SqsClientKind[] = [make('json', current), make('query', legacy as unknown as typeof current)];

/**
 * The message of an SQS error as the client exposes it. The query-protocol client (3.445.0) keeps
 * AWS's `<Message>` in `e.Error.Message` and leaves `e.message` as "UnknownError" — against real
 * AWS too — so tests read it from there first.
 */
export function errorMessage(e: any): string {
  return e?.Error?.Message ?? e?.message;
}

/**
 * Whether `e` is the SQS error `shape` (query code `code`). Clients name an error by its shape when
 * the operation models it, else by the query code (the 3.445.0 query client names a
 * QueueDoesNotExist from SendMessage `AWS.SimpleQueueService.NonExistentQueue`, as with real AWS).
 */
export function isSqsError(e: any, shape: string, code: string): boolean {
  return e?.name === shape || e?.name === code || e?.Code === code || e?.Error?.Code === code;
}
