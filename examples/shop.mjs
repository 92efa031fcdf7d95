// Decoupled services, the reason Switchyard exists: Buying announces orders on a topic; Shipping and
// Billing each read their own queue. When Shipping is down, Buying does not fail: the orders wait
// in Shipping's queue. An order Shipping cannot handle goes to a dead-letter queue after three
// tries, and is moved back once Shipping is fixed.
//
//   npm ci && node examples/shop.mjs        (an embedded, in-memory Switchyard; nothing to start)
//
// The queues, topic and subscriptions come from a resource file, as `switchyard start --resources`
// would take it; the services use the official AWS SDK and sqs-consumer, unchanged.
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SNSClient, PublishCommand } from '@aws-sdk/client-sns';
import { SQSClient, GetQueueUrlCommand, GetQueueAttributesCommand, StartMessageMoveTaskCommand, ListMessageMoveTasksCommand } from '@aws-sdk/client-sqs';
import { Consumer } from 'sqs-consumer';
import { startSwitchyard } from 'switchyard';

const resources = {
  queues: [
    { name: 'shipping-dlq' },
    { name: 'shipping', attributes: { VisibilityTimeout: 1 }, deadLetter: { queue: 'shipping-dlq', maxReceiveCount: 3 } },
    { name: 'billing' },
  ],
  topics: [{ name: 'order-events', subscriptions: [{ queue: 'shipping', rawMessageDelivery: true }, { queue: 'billing', rawMessageDelivery: true }] }],
};

const dir = mkdtempSync(join(tmpdir(), 'switchyard-shop-'));
writeFileSync(join(dir, 'resources.json'), JSON.stringify(resources));
const switchyard = await startSwitchyard({ resources: join(dir, 'resources.json'), spy: true });
const sns = new SNSClient(switchyard.clientConfig);
const sqs = new SQSClient(switchyard.clientConfig);
const topicArn = `arn:aws:sns:${switchyard.region}:${switchyard.accountId}:order-events`;
const queueUrl = async (name) => (await sqs.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl;
const depth = async (name) => Number((await sqs.send(new GetQueueAttributesCommand({ QueueUrl: await queueUrl(name), AttributeNames: ['ApproximateNumberOfMessages'] }))).Attributes.ApproximateNumberOfMessages);
const log = (line) => console.log(line);
let shippingFixed = false;

try {
  // Buying: publishes whether or not anyone is reading.
  const orders = ['order-1', 'order-2', 'order-3', 'broken-order'];
  for (const id of orders) await sns.send(new PublishCommand({ TopicArn: topicArn, Message: JSON.stringify({ id }) }));
  log(`buying: ${orders.length} orders published while shipping is down`);
  log(`shipping queue holds ${await depth('shipping')}, billing queue holds ${await depth('billing')}`);

  // Billing and Shipping come up. Shipping cannot handle `broken-order` until it is fixed.
  const shipped = new Set();
  const billed = new Set();
  const consumer = (name, handle) =>
    Consumer.create({
      queueUrl: name,
      sqs,
      waitTimeSeconds: 1,
      pollingWaitTimeMs: 0,
      // Returning the message acknowledges it (sqs-consumer deletes it); a throw leaves it for another try.
      handleMessage: async (m) => {
        await handle(JSON.parse(m.Body).id);
        return m;
      },
    });
  const billing = consumer(await queueUrl('billing'), async (id) => void billed.add(id));
  const shipping = consumer(await queueUrl('shipping'), async (id) => {
    if (id === 'broken-order' && !shippingFixed) throw new Error(`cannot ship ${id}`);
    shipped.add(id);
  });
  billing.on('error', () => {});
  shipping.on('error', () => {});
  shipping.on('processing_error', () => {});
  billing.start();
  shipping.start();

  // Billing deletes all four (the spy sees each deletion); the broken order is tried three times
  // by Shipping (VisibilityTimeout 1 s), then dead-lettered.
  await switchyard.spy.waitForMessages({ service: 'sqs', queueName: 'billing' }, { count: 4, status: 'consumed', timeout: 10_000 });
  for (let i = 0; i < 100 && (shipped.size < 3 || (await depth('shipping-dlq')) === 0); i++) await new Promise((r) => setTimeout(r, 100));
  log(`billing: billed ${[...billed].sort().join(', ')}`);
  log(`shipping: shipped ${[...shipped].sort().join(', ')}; dead-lettered ${await depth('shipping-dlq')}`);

  // Shipping is fixed: the dead letters go back to the shipping queue (the console's redrive button does the same).
  shippingFixed = true;
  const dlqArn = `arn:aws:sqs:${switchyard.region}:${switchyard.accountId}:shipping-dlq`;
  await sqs.send(new StartMessageMoveTaskCommand({ SourceArn: dlqArn }));
  let task;
  for (let i = 0; i < 100 && (!shipped.has('broken-order') || task?.Status !== 'COMPLETED'); i++) {
    await new Promise((r) => setTimeout(r, 100));
    [task] = (await sqs.send(new ListMessageMoveTasksCommand({ SourceArn: dlqArn }))).Results ?? [];
  }
  log(`redrive: ${task?.Status}, ${task?.ApproximateNumberOfMessagesMoved} moved; shipping: shipped ${[...shipped].sort().join(', ')}`);
  shipping.stop();
  billing.stop();
  if (shipped.size !== 4 || billed.size !== 4) throw new Error('not every order was shipped and billed');
  log('every order shipped and billed, none lost');
} finally {
  sns.destroy();
  sqs.destroy();
  await switchyard.close();
  rmSync(dir, { recursive: true, force: true });
}
