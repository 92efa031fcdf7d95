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

export const SQS_CLIENTS: readonly SqsClientKind[] = [make('json', current), make('query', legacy as typeof current)];
