/**
 * The real SDK clients as the judge: @aws-sdk/client-sqs (AWS JSON 1.0) and sqs-v3445
 * (@aws-sdk/client-sqs@3.445.0, query protocol) talk to the protocol handler over a bare node:http
 * server. Handlers return canned outputs and record the inputs they were given, so the test checks
 * both directions: that both clients' requests decode to the same input, and that both parse our
 * answers (and errors) to the same results.
 *
 * Runs against the mini SQS model in fixtures.test.ts and, when it exists, the real SQS model
 * (src/services/sqs/model.ts), so that model's wire names are exercised by real clients too.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as current from '@aws-sdk/client-sqs';
// @ts-ignore -- the same package at 3.445.0 (query protocol), installed under an npm alias
import * as legacy from 'sqs-v3445';
import { createProtocolHandler } from './dispatch.js';
import { ServiceError } from '../services/shared/errors.js';
import { fakeInputErrors, md5, miniSqsModel, serve } from './fixtures.test.js';
import type { Handler, ServiceDefinition } from '../services/shared/service.js';
import type { ServiceModel } from '../services/shared/shapes.js';

const QUEUE = 'http://127.0.0.1/000000000000/q1';
const BODY = 'he said "hi" & <left>\r\nline two ✓ 😀';

function handlers(inputs: Record<string, unknown>[]): Record<string, Handler> {
  const record = (name: string, input: unknown) => inputs.push({ [name]: input });
  return {
    SendMessage: async (input: { MessageBody: string }) => {
      record('SendMessage', input);
      if (input.MessageBody === 'missing-queue') {
        throw new ServiceError('QueueDoesNotExist', 'The specified queue does not exist.', {
          queryMessage: 'The specified queue does not exist for this wsdl version.',
        });
      }
      if (input.MessageBody === 'crash') throw new Error('database exploded');
      return { MD5OfMessageBody: md5(input.MessageBody), MessageId: 'm-1', SequenceNumber: undefined };
    },
    SendMessageBatch: async (input: { Entries: { Id: string; MessageBody: string }[] }) => {
      record('SendMessageBatch', input);
      return {
        Successful: input.Entries.slice(1).map((e) => ({ Id: e.Id, MessageId: `m-${e.Id}`, MD5OfMessageBody: md5(e.MessageBody) })),
        Failed: [{ Id: input.Entries[0]!.Id, SenderFault: true, Code: 'InvalidParameterValue', Message: 'bad "entry"' }],
      };
    },
    ReceiveMessage: async (input) => {
      record('ReceiveMessage', input);
      return {
        Messages: [
          {
            MessageId: 'm-1',
            ReceiptHandle: 'rh+/=1',
            MD5OfBody: md5(BODY),
            Body: BODY,
            Attributes: { SentTimestamp: '1700000000000', ApproximateReceiveCount: '2' },
            MD5OfMessageAttributes: '0123456789abcdef0123456789abcdef',
            MessageAttributes: {
              s: { DataType: 'String', StringValue: '"quoted"\r' },
              b: { DataType: 'Binary', BinaryValue: Buffer.from([0, 1, 2, 255]) },
            },
          },
          { MessageId: 'm-2', ReceiptHandle: 'rh2', MD5OfBody: md5(''), Body: '' },
        ],
      };
    },
    GetQueueAttributes: async (input) => {
      record('GetQueueAttributes', input);
      return { Attributes: { VisibilityTimeout: '30', QueueArn: 'arn:aws:sqs:us-east-1:000000000000:q1' } };
    },
    ListQueues: async (input) => {
      record('ListQueues', input);
      return { QueueUrls: [QUEUE, `${QUEUE}-2`], NextToken: 'next' };
    },
    DeleteMessage: async (input: { ReceiptHandle: string }) => {
      record('DeleteMessage', input);
      if (input.ReceiptHandle === 'bad') throw new ServiceError('ReceiptHandleIsInvalid', 'The input receipt handle "bad" is not a valid receipt handle.');
      return undefined;
    },
  };
}

type Sdk = typeof current;
const CLIENTS: [string, Sdk][] = [
  ['json (client-sqs current)', current],
  ['query (client-sqs 3.445.0)', legacy as unknown as Sdk],
];

async function realModel(): Promise<ServiceModel | undefined> {
  try {
    return ((await import('../services/sqs/model.js')) as { sqsModel: ServiceModel }).sqsModel;
  } catch {
    return undefined;
  }
}

const models: [string, ServiceModel | undefined][] = [
  ['mini SQS model', miniSqsModel],
  ['real SQS model', await realModel()],
];

for (const [modelName, model] of models) {
  describe(`real clients against the ${modelName}`, { skip: model === undefined ? 'src/services/sqs/model.ts is not there yet' : false }, () => {
    const inputs: Record<string, unknown>[] = [];
    const service: ServiceDefinition = { model: model!, handlers: handlers(inputs), inputErrors: fakeInputErrors };
    let server: Awaited<ReturnType<typeof serve>>;
    const logged: unknown[] = [];
    before(async () => {
      server = await serve(
        createProtocolHandler({ services: [service], defaultRegion: 'us-east-1', defaultAccountId: '000000000000', log: (...a) => logged.push(a) }),
      );
    });
    after(() => server.close());

    const client = (sdk: Sdk) =>
      new sdk.SQSClient({
        endpoint: server.endpoint,
        region: 'eu-west-1',
        credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
        maxAttempts: 1,
      });

    /** Runs the same calls with both clients; returns [json result, query result] and the inputs each produced. */
    async function both<T>(fn: (c: current.SQSClient, sdk: Sdk) => Promise<T>): Promise<{ results: T[]; seen: unknown[][] }> {
      const results: T[] = [];
      const seen: unknown[][] = [];
      for (const [, sdk] of CLIENTS) {
        inputs.length = 0;
        const c = client(sdk);
        try {
          results.push(await fn(c, sdk));
        } finally {
          c.destroy();
        }
        seen.push([...inputs]);
      }
      return { results, seen };
    }

    async function bothFail(fn: (c: current.SQSClient, sdk: Sdk) => Promise<unknown>): Promise<any[]> {
      const { results } = await both(async (c, sdk) => {
        try {
          await fn(c, sdk);
        } catch (e) {
          return e as any;
        }
        return assert.fail('expected the call to fail');
      });
      return results;
    }

    test('SendMessage: attributes of every kind decode to the same input from both protocols', async () => {
      const { results, seen } = await both((c, sdk) =>
        c.send(
          new sdk.SendMessageCommand({
            QueueUrl: QUEUE,
            MessageBody: BODY,
            DelaySeconds: 5,
            MessageAttributes: {
              s: { DataType: 'String', StringValue: 'v w' },
              n: { DataType: 'Number', StringValue: '42' },
              b: { DataType: 'Binary', BinaryValue: new Uint8Array([0, 1, 2, 255]) },
            },
            MessageSystemAttributes: { AWSTraceHeader: { DataType: 'String', StringValue: 'Root=1-5759e988-bd862e3fe1be46a994272793' } },
          }),
        ),
      );
      for (const r of results) {
        assert.equal(r.MessageId, 'm-1');
        assert.equal(r.MD5OfMessageBody, md5(BODY));
      }
      const expected = {
        SendMessage: {
          QueueUrl: QUEUE,
          MessageBody: BODY,
          DelaySeconds: 5,
          MessageAttributes: {
            s: { DataType: 'String', StringValue: 'v w' },
            n: { DataType: 'Number', StringValue: '42' },
            b: { DataType: 'Binary', BinaryValue: Buffer.from([0, 1, 2, 255]) },
          },
          MessageSystemAttributes: { AWSTraceHeader: { DataType: 'String', StringValue: 'Root=1-5759e988-bd862e3fe1be46a994272793' } },
        },
      };
      assert.deepEqual(seen[0], [expected]);
      assert.deepEqual(seen[1], [expected]);
    });

    test('SendMessageBatch: 12 entries keep their order (1, 2, …, 10, 11, 12); Successful and Failed parse', async () => {
      const entries = Array.from({ length: 12 }, (_, i) => ({ Id: `e${i + 1}`, MessageBody: `body ${i + 1}`, DelaySeconds: i }));
      const { results, seen } = await both((c, sdk) => c.send(new sdk.SendMessageBatchCommand({ QueueUrl: QUEUE, Entries: entries })));
      for (const s of seen) assert.deepEqual(s, [{ SendMessageBatch: { QueueUrl: QUEUE, Entries: entries } }]);
      for (const r of results) {
        assert.deepEqual(
          r.Successful?.map((e) => e.Id),
          entries.slice(1).map((e) => e.Id),
        );
        assert.deepEqual(r.Failed, [{ Id: 'e1', SenderFault: true, Code: 'InvalidParameterValue', Message: 'bad "entry"' }]);
      }
    });

    test('ReceiveMessage: bodies with " & < > \\r and unicode, attribute maps, binary values', async () => {
      const { results, seen } = await both((c, sdk) =>
        c.send(
          new sdk.ReceiveMessageCommand({
            QueueUrl: QUEUE,
            AttributeNames: ['All'],
            MessageAttributeNames: ['All'],
            MaxNumberOfMessages: 10,
            WaitTimeSeconds: 0,
          }),
        ),
      );
      for (const r of results) {
        const [m1, m2] = r.Messages!;
        assert.equal(m1!.Body, BODY);
        assert.equal(m1!.ReceiptHandle, 'rh+/=1');
        assert.deepEqual(m1!.Attributes, { SentTimestamp: '1700000000000', ApproximateReceiveCount: '2' });
        assert.equal(m1!.MessageAttributes!.s!.StringValue, '"quoted"\r');
        assert.deepEqual(Buffer.from(m1!.MessageAttributes!.b!.BinaryValue!), Buffer.from([0, 1, 2, 255]));
        assert.equal(m2!.MessageId, 'm-2');
      }
      const [jsonInput, queryInput] = seen.map((s) => (s[0] as { ReceiveMessage: Record<string, unknown> }).ReceiveMessage);
      assert.deepEqual(jsonInput, { QueueUrl: QUEUE, AttributeNames: ['All'], MessageAttributeNames: ['All'], MaxNumberOfMessages: 10, WaitTimeSeconds: 0 });
      // query form: `AttributeName.N` also fills MessageSystemAttributeNames (the shared xmlName)
      assert.deepEqual(queryInput, { ...jsonInput, MessageSystemAttributeNames: ['All'] });
    });

    test('GetQueueAttributes, ListQueues, DeleteMessage (no output)', async () => {
      const { results } = await both(async (c, sdk) => [
        await c.send(new sdk.GetQueueAttributesCommand({ QueueUrl: QUEUE, AttributeNames: ['All'] })),
        await c.send(new sdk.ListQueuesCommand({ QueueNamePrefix: 'q', MaxResults: 10 })),
        await c.send(new sdk.DeleteMessageCommand({ QueueUrl: QUEUE, ReceiptHandle: 'rh' })),
      ] as const);
      for (const [attrs, list, del] of results) {
        assert.deepEqual(attrs.Attributes, { VisibilityTimeout: '30', QueueArn: 'arn:aws:sqs:us-east-1:000000000000:q1' });
        assert.deepEqual(list.QueueUrls, [QUEUE, `${QUEUE}-2`]);
        assert.equal(list.NextToken, 'next');
        assert.equal(del.$metadata.httpStatusCode, 200);
        assert.match(del.$metadata.requestId ?? '', /^[0-9a-f-]{36}$/);
      }
    });

    test('modelled error: class, query code, status, protocol-specific message', async () => {
      const [j, q] = await bothFail((c, sdk) => c.send(new sdk.SendMessageCommand({ QueueUrl: QUEUE, MessageBody: 'missing-queue' })));
      for (const e of [j, q]) {
        assert.equal(e.$metadata.httpStatusCode, 400);
        assert.equal(e.Code, 'AWS.SimpleQueueService.NonExistentQueue');
        assert.equal(e.Type, 'Sender');
      }
      assert.equal(j.name, 'QueueDoesNotExist', 'class from __type; e.Code from x-amzn-query-error');
      // 3.445.0 only maps this code to the QueueDoesNotExist class for GetQueueUrl/PurgeQueue/…;
      // for SendMessage it names the error by its code, as it would against real AWS.
      assert.equal(q.name, 'AWS.SimpleQueueService.NonExistentQueue');
      assert.equal(j.message, 'The specified queue does not exist.');
      assert.equal(q.message, 'The specified queue does not exist for this wsdl version.');
      const [j404, q404] = await bothFail((c, sdk) => c.send(new sdk.DeleteMessageCommand({ QueueUrl: QUEUE, ReceiptHandle: 'bad' })));
      for (const e of [j404, q404]) {
        assert.equal(e.name, 'ReceiptHandleIsInvalid');
        assert.equal(e.$metadata.httpStatusCode, 404);
      }
    });

    test('missing required member → the service error, 400', async () => {
      const errors = await bothFail((c, sdk) => c.send(new sdk.DeleteMessageCommand({ QueueUrl: QUEUE } as never)));
      for (const e of errors) {
        assert.equal(e.$metadata.httpStatusCode, 400);
        assert.match(e.message, /The request must contain the parameter ReceiptHandle/);
      }
    });

    test('internal failure → 500, the internal message is not shown', async () => {
      const errors = await bothFail((c, sdk) => c.send(new sdk.SendMessageCommand({ QueueUrl: QUEUE, MessageBody: 'crash' })));
      for (const e of errors) {
        assert.equal(e.$metadata.httpStatusCode, 500);
        assert.doesNotMatch(String(e.message), /exploded/);
      }
    });

    test('an operation without a handler → 400 not implemented', async () => {
      const errors = await bothFail((c, sdk) => c.send(new sdk.PurgeQueueCommand({ QueueUrl: QUEUE })));
      for (const e of errors) {
        assert.equal(e.$metadata.httpStatusCode, 400);
        assert.match(e.message, /The operation PurgeQueue is not implemented by Switchyard yet/);
      }
    });
  });
}
