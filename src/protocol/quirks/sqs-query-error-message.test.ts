import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createProtocolHandler } from '../dispatch.js';
import { ServiceError } from '../../services/shared/errors.js';
import { call, form, json, miniSqsService } from '../fixtures.test.js';

const handler = createProtocolHandler({
  services: [
    miniSqsService({
      ListQueues: async (input: { QueueNamePrefix?: string }) => {
        throw input.QueueNamePrefix === 'plain'
          ? new ServiceError('QueueDoesNotExist', 'Only one message.')
          : new ServiceError('QueueDoesNotExist', 'The specified queue does not exist.', {
              queryMessage: 'The specified queue does not exist for this wsdl version.',
            });
      },
    }),
  ],
  defaultRegion: 'us-east-1',
  defaultAccountId: '000000000000',
});

test('sqs-query-error-message: query responses use queryMessage, JSON the plain message', async () => {
  const q = await call(handler, form('Action=ListQueues&Version=2012-11-05'));
  assert.equal(q.status, 400);
  assert.match(q.text, /<Code>AWS.SimpleQueueService.NonExistentQueue<\/Code><Message>The specified queue does not exist for this wsdl version.<\/Message>/);
  const j = await call(handler, json('AmazonSQS.ListQueues', {}));
  assert.equal(JSON.parse(j.text).message, 'The specified queue does not exist.');
});

test('sqs-query-error-message: without queryMessage both protocols show the message', async () => {
  const q = await call(handler, form('Action=ListQueues&Version=2012-11-05&QueueNamePrefix=plain'));
  assert.match(q.text, /<Message>Only one message.<\/Message>/);
});
