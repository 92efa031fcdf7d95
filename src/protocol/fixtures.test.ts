/**
 * Test fixtures for the protocol layer (no tests in here: a `.test.ts` name keeps the file out of
 * the build). Two fake services:
 * - `kitchen`: one operation whose input and output use every shape type and every naming rule,
 *   spoken in JSON 1.1 and query, with a bare `__type` (no error namespace), not query-compatible;
 * - `miniSqs`: a hand-written slice of the real SQS model (wire names as in the JS v3 schema),
 *   JSON 1.0 + query, query-compatible, so the real SDK clients can be pointed at it.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ServiceError } from '../services/shared/errors.js';
import type { Handler, InputErrors, ServiceDefinition } from '../services/shared/service.js';
import type { ListShape, MapShape, Member, ServiceModel, Shape, StructureShape } from '../services/shared/shapes.js';
import type { WireRequest, WireResponse, WireHandler } from './wire.js';

const string: Shape = { type: 'string' };
const integer: Shape = { type: 'integer' };
const long: Shape = { type: 'long' };
const double: Shape = { type: 'double' };
const boolean: Shape = { type: 'boolean' };
const blob: Shape = { type: 'blob' };
const timestamp: Shape = { type: 'timestamp' };

const s = (name: string, members: Record<string, Member>): StructureShape => ({ type: 'structure', name, members });
const list = (member: Shape, memberName?: string): ListShape => ({ type: 'list', member, memberName });
const map = (key: Shape, value: Shape, keyName?: string, valueName?: string): MapShape => ({ type: 'map', key, value, keyName, valueName });

export const fakeInputErrors: InputErrors = {
  missing: (path) => new ServiceError('MissingParameter', `The request must contain the parameter ${path}.`),
  nullEntry: (path, kind) => new ServiceError('InvalidParameterValue', `The ${kind} at ${path} may not be null.`),
  invalidType: (path, value, expected) =>
    new ServiceError('InvalidParameterValue', `Value ${String(value)} for parameter ${path} is invalid (expected ${expected}).`),
  malformed: (detail) => new ServiceError('SerializationException', `Malformed request: ${detail}`),
  unknownOperation: (name) => new ServiceError('InvalidAction', `The action ${name} is not valid for this endpoint.`),
};

// ---------------------------------------------------------------------------------------------
// kitchen: every shape type

const inner = s('Inner', {
  A: { shape: string, required: true },
  B: { shape: integer },
  Tags: { shape: list(string), xmlName: 'Tag', flattened: true },
});

export const everything = s('Everything', {
  Str: { shape: string, required: true },
  Int: { shape: integer },
  Long: { shape: long },
  Dbl: { shape: double },
  Bool: { shape: boolean },
  Blob: { shape: blob },
  Time: { shape: timestamp },
  TimeEpoch: { shape: { type: 'timestamp', format: 'epoch-seconds' } },
  FlatList: { shape: list(string), xmlName: 'FlatItem', flattened: true },
  WrappedList: { shape: list(string) },
  NamedList: { shape: list(integer, 'Num') },
  FlatMap: { shape: map(string, string, 'K', 'V'), xmlName: 'FlatEntry', flattened: true },
  WrappedMap: { shape: map(string, string) },
  Nested: { shape: inner },
  Structs: { shape: list(inner), xmlName: 'Struct', flattened: true },
  MapOfStructs: { shape: map(string, inner) },
  Renamed: { shape: string, xmlName: 'OtherName' },
  Shared1: { shape: list(string), xmlName: 'Shared', flattened: true },
  Shared2: { shape: list(string), xmlName: 'Shared', flattened: true },
});

/** A value of every shape type, in the runtime form handlers see. */
export const full = {
  Str: 'hé "quoted" <b>&\r\n✓',
  Int: -42,
  Long: 2 ** 53 - 1,
  Dbl: 1.5,
  Bool: false,
  Blob: Buffer.from([0, 1, 2, 255]),
  Time: new Date('2024-01-02T03:04:05.678Z'),
  TimeEpoch: new Date(1_700_000_000_123),
  FlatList: ['a', 'b'],
  WrappedList: ['x'],
  NamedList: [1, 2, 3],
  FlatMap: { k1: 'v1', k2: 'v2' },
  WrappedMap: { a: '1' },
  Nested: { A: 'in', B: 7, Tags: ['t1'] },
  Structs: [{ A: 's1' }, { A: 's2', B: 2 }],
  MapOfStructs: { m: { A: 'ma' } },
  Renamed: 'r',
  Shared1: ['s'],
  Shared2: ['s'],
};

export const kitchenModel: ServiceModel = {
  service: 'kitchen',
  apiVersion: '2020-01-01',
  protocols: ['json', 'query'],
  targetPrefix: 'Kitchen_20200101',
  jsonVersion: '1.1',
  xmlNamespace: 'https://kitchen.example/doc/2020-01-01/',
  operations: {
    Echo: { name: 'Echo', input: everything, output: everything, errors: [] },
    NoOutput: { name: 'NoOutput', input: s('NoOutputRequest', { Id: { shape: string } }), errors: [] },
    Fail: { name: 'Fail', input: s('FailRequest', { Shape: { shape: string } }), errors: ['NotFound'] },
    Boom: { name: 'Boom', input: s('BoomRequest', {}), errors: [] },
    Unwired: { name: 'Unwired', input: s('UnwiredRequest', {}), errors: [] },
  },
  errors: {
    NotFound: { code: 'NotFoundCode', status: 404, fault: 'Sender' },
    Overloaded: { code: 'Overloaded', status: 503, fault: 'Receiver', namespace: 'com.example.other' },
  },
};

export function kitchenService(): ServiceDefinition {
  return {
    model: kitchenModel,
    inputErrors: fakeInputErrors,
    handlers: {
      Echo: async (input) => input,
      NoOutput: async () => undefined,
      Fail: async (input: { Shape?: string }) => {
        throw new ServiceError(input.Shape ?? 'NotFound', 'It is "not" <here> & gone', { queryMessage: 'query words' });
      },
      Boom: async () => {
        throw new Error('secret internal detail');
      },
    },
  };
}

// ---------------------------------------------------------------------------------------------
// miniSqs: a slice of SQS with the real wire names

const messageAttributeValue = s('MessageAttributeValue', {
  DataType: { shape: string, required: true },
  StringValue: { shape: string },
  BinaryValue: { shape: blob },
  StringListValues: { shape: list(string, 'StringListValue'), xmlName: 'StringListValue', flattened: true },
  BinaryListValues: { shape: list(blob, 'BinaryListValue'), xmlName: 'BinaryListValue', flattened: true },
});
const messageAttributes: Member = {
  shape: map(string, messageAttributeValue, 'Name', 'Value'),
  xmlName: 'MessageAttribute',
  flattened: true,
};
const systemAttributes: Member = {
  shape: map(string, messageAttributeValue, 'Name', 'Value'),
  xmlName: 'MessageSystemAttribute',
  flattened: true,
};
const attributeMap: Member = { shape: map(string, string, 'Name', 'Value'), xmlName: 'Attribute', flattened: true };
const queueUrl: Member = { shape: string, required: true };

const batchErrorEntry = s('BatchResultErrorEntry', {
  Id: { shape: string, required: true },
  SenderFault: { shape: boolean, required: true },
  Code: { shape: string, required: true },
  Message: { shape: string },
});

export const miniSqsModel: ServiceModel = {
  service: 'sqs',
  apiVersion: '2012-11-05',
  protocols: ['json', 'query'],
  targetPrefix: 'AmazonSQS',
  jsonVersion: '1.0',
  xmlNamespace: 'http://queue.amazonaws.com/doc/2012-11-05/',
  errorNamespace: 'com.amazonaws.sqs',
  queryCompatible: true,
  operations: {
    SendMessage: {
      name: 'SendMessage',
      input: s('SendMessageRequest', {
        QueueUrl: queueUrl,
        MessageBody: { shape: string, required: true },
        DelaySeconds: { shape: integer },
        MessageAttributes: messageAttributes,
        MessageSystemAttributes: systemAttributes,
        MessageDeduplicationId: { shape: string },
        MessageGroupId: { shape: string },
      }),
      output: s('SendMessageResult', {
        MD5OfMessageBody: { shape: string },
        MD5OfMessageAttributes: { shape: string },
        MD5OfMessageSystemAttributes: { shape: string },
        MessageId: { shape: string },
        SequenceNumber: { shape: string },
      }),
      errors: ['QueueDoesNotExist'],
    },
    SendMessageBatch: {
      name: 'SendMessageBatch',
      input: s('SendMessageBatchRequest', {
        QueueUrl: queueUrl,
        Entries: {
          shape: list(
            s('SendMessageBatchRequestEntry', {
              Id: { shape: string, required: true },
              MessageBody: { shape: string, required: true },
              DelaySeconds: { shape: integer },
              MessageAttributes: messageAttributes,
              MessageSystemAttributes: systemAttributes,
              MessageDeduplicationId: { shape: string },
              MessageGroupId: { shape: string },
            }),
          ),
          required: true,
          xmlName: 'SendMessageBatchRequestEntry',
          flattened: true,
        },
      }),
      output: s('SendMessageBatchResult', {
        Successful: {
          shape: list(
            s('SendMessageBatchResultEntry', {
              Id: { shape: string, required: true },
              MessageId: { shape: string, required: true },
              MD5OfMessageBody: { shape: string, required: true },
              MD5OfMessageAttributes: { shape: string },
              MD5OfMessageSystemAttributes: { shape: string },
              SequenceNumber: { shape: string },
            }),
          ),
          required: true,
          xmlName: 'SendMessageBatchResultEntry',
          flattened: true,
        },
        Failed: { shape: list(batchErrorEntry), required: true, xmlName: 'BatchResultErrorEntry', flattened: true },
      }),
      errors: ['QueueDoesNotExist'],
    },
    ReceiveMessage: {
      name: 'ReceiveMessage',
      input: s('ReceiveMessageRequest', {
        QueueUrl: queueUrl,
        AttributeNames: { shape: list(string), xmlName: 'AttributeName', flattened: true },
        MessageSystemAttributeNames: { shape: list(string), xmlName: 'AttributeName', flattened: true },
        MessageAttributeNames: { shape: list(string), xmlName: 'MessageAttributeName', flattened: true },
        MaxNumberOfMessages: { shape: integer },
        VisibilityTimeout: { shape: integer },
        WaitTimeSeconds: { shape: integer },
        ReceiveRequestAttemptId: { shape: string },
      }),
      output: s('ReceiveMessageResult', {
        Messages: {
          shape: list(
            s('Message', {
              MessageId: { shape: string },
              ReceiptHandle: { shape: string },
              MD5OfBody: { shape: string },
              Body: { shape: string },
              Attributes: attributeMap,
              MD5OfMessageAttributes: { shape: string },
              MessageAttributes: messageAttributes,
            }),
          ),
          xmlName: 'Message',
          flattened: true,
        },
      }),
      errors: ['QueueDoesNotExist'],
    },
    GetQueueAttributes: {
      name: 'GetQueueAttributes',
      input: s('GetQueueAttributesRequest', {
        QueueUrl: queueUrl,
        AttributeNames: { shape: list(string), xmlName: 'AttributeName', flattened: true },
      }),
      output: s('GetQueueAttributesResult', { Attributes: attributeMap }),
      errors: ['QueueDoesNotExist'],
    },
    ListQueues: {
      name: 'ListQueues',
      input: s('ListQueuesRequest', {
        QueueNamePrefix: { shape: string },
        NextToken: { shape: string },
        MaxResults: { shape: integer },
      }),
      output: s('ListQueuesResult', {
        QueueUrls: { shape: list(string), xmlName: 'QueueUrl', flattened: true },
        NextToken: { shape: string },
      }),
      errors: [],
    },
    DeleteMessage: {
      name: 'DeleteMessage',
      input: s('DeleteMessageRequest', { QueueUrl: queueUrl, ReceiptHandle: { shape: string, required: true } }),
      errors: ['QueueDoesNotExist', 'ReceiptHandleIsInvalid'],
    },
    PurgeQueue: { name: 'PurgeQueue', input: s('PurgeQueueRequest', { QueueUrl: queueUrl }), errors: [] },
  },
  errors: {
    QueueDoesNotExist: { code: 'AWS.SimpleQueueService.NonExistentQueue', status: 400, fault: 'Sender' },
    ReceiptHandleIsInvalid: { code: 'ReceiptHandleIsInvalid', status: 404, fault: 'Sender' },
    PurgeQueueInProgress: { code: 'AWS.SimpleQueueService.PurgeQueueInProgress', status: 403, fault: 'Sender' },
  },
};

export function miniSqsService(handlers: Record<string, Handler>): ServiceDefinition {
  return { model: miniSqsModel, handlers, inputErrors: fakeInputErrors };
}

// ---------------------------------------------------------------------------------------------
// helpers

export const md5 = (s: string | Uint8Array): string => createHash('md5').update(s).digest('hex');

export interface RequestParts {
  method?: string;
  path?: string;
  query?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export function wireRequest(parts: RequestParts): WireRequest {
  return {
    method: parts.method ?? 'POST',
    path: parts.path ?? '/',
    query: parts.query ?? '',
    headers: { host: 'localhost:4566', ...parts.headers },
    body: Buffer.isBuffer(parts.body) ? parts.body : Buffer.from(parts.body ?? '', 'utf8'),
    requestId: 'req-1',
    scheme: 'http',
    httpVersion: '1.1',
    signal: new AbortController().signal,
  };
}

export async function call(handler: WireHandler, parts: RequestParts): Promise<WireResponse & { text: string }> {
  const res = await handler(wireRequest(parts));
  return { ...res, text: typeof res.body === 'string' ? res.body : Buffer.isBuffer(res.body) ? res.body.toString('utf8') : '' };
}

export const json = (target: string, body: unknown, version = '1.0'): RequestParts => ({
  headers: { 'content-type': `application/x-amz-json-${version}`, 'x-amz-target': target },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

export const form = (body: string, extraHeaders: Record<string, string> = {}): RequestParts => ({
  headers: { 'content-type': 'application/x-www-form-urlencoded', ...extraHeaders },
  body,
});

/**
 * A bare node:http server feeding requests into a WireHandler, as the real listener will: the
 * real SDK clients are the judge of what the protocol layer writes.
 */
export async function serve(handler: WireHandler): Promise<{ endpoint: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = req.url ?? '/';
      const q = url.indexOf('?');
      const abort = new AbortController();
      res.on('close', () => abort.abort());
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
      handler({
        method: req.method ?? 'GET',
        path: q < 0 ? url : url.slice(0, q),
        query: q < 0 ? '' : url.slice(q + 1),
        headers,
        body: Buffer.concat(chunks),
        requestId: randomUUID(),
        scheme: 'http',
        httpVersion: '1.1',
        signal: abort.signal,
      }).then(
        (out) => {
          res.writeHead(out.status, out.headers);
          res.end(out.body as string | Buffer);
        },
        (e) => {
          res.writeHead(599);
          res.end(String(e));
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
