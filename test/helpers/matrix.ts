import { after, before, describe } from 'node:test';
import { E2E_ENGINES, startTestServer, type EngineName, type TestServer } from './server.js';
import { SQS_CLIENTS, type SqsClientKind } from './sqs-clients.js';
import type { SQSClient } from '@aws-sdk/client-sqs';

export interface SqsE2E {
  readonly server: TestServer;
  readonly kind: SqsClientKind;
  readonly sqs: SQSClient;
  /** The command classes of the SDK in use (`new t.sdk.SendMessageCommand(…)`). */
  readonly sdk: SqsClientKind['sdk'];
  /** A queue name unique within this file's run. */
  name(prefix?: string): string;
}

/**
 * Registers `body` once per (engine × SQS protocol): every SQS e2e file runs with the JSON client
 * and the query client, on SQLite and PostgreSQL (ARCHITECTURE §5.10).
 */
export function sqsE2E(title: string, body: (t: () => SqsE2E) => void, engines: readonly EngineName[] = E2E_ENGINES): void {
  for (const engine of engines) {
    for (const kind of SQS_CLIENTS) {
      describe(`${title} [${engine}, ${kind.protocol}]`, () => {
        let ctx: SqsE2E | undefined;
        let counter = 0;
        before(async () => {
          const server = await startTestServer(engine);
          ctx = {
            server,
            kind,
            sdk: kind.sdk,
            sqs: kind.client(server.url),
            name: (prefix = 'q') => `${prefix}-${kind.protocol}-${++counter}`,
          };
        });
        after(async () => {
          ctx?.sqs.destroy();
          await ctx?.server.close();
        });
        body(() => ctx!);
      });
    }
  }
}
