import { it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateTopicCommand, DeleteTopicCommand, PublishCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import { snsE2E } from '../../helpers/sns.js';

/**
 * Subscribe and Publish racing DeleteTopic: each is answered as AWS answers a topic that exists or
 * one that does not (NotFound, "Topic does not exist"), never 500. The engines refused the write of
 * a Subscribe or Publish whose topic was deleted after the operation had looked it up with a plain
 * Error, answered InternalError (found by a probe of concurrent calls beside the wire fuzz).
 */
snsE2E('SNS: Subscribe and Publish racing DeleteTopic', (t) => {
  it('every answer is a success or NotFound', async () => {
    const { sns } = t();
    const outcomes = new Map<string, number>();
    for (let round = 0; round < 5; round++) {
      const TopicArn = (await sns.send(new CreateTopicCommand({ Name: t().name('race') }))).TopicArn!;
      const queue = await t().queue();
      await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: queue.arn }));
      const settled = await Promise.allSettled([
        sns.send(new DeleteTopicCommand({ TopicArn })),
        ...Array.from({ length: 10 }, () => sns.send(new PublishCommand({ TopicArn, Message: 'm' }))),
        ...Array.from({ length: 5 }, (_, i) => sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: `${queue.arn}-${i}` }))),
      ]);
      for (const s of settled) {
        const outcome = s.status === 'fulfilled' ? 'ok' : `${(s.reason as Error).name}: ${(s.reason as Error).message}`;
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      }
    }
    const unexpected = [...outcomes.keys()].filter((o) => o !== 'ok' && o !== 'NotFoundException: Topic does not exist');
    assert.deepEqual(unexpected, [], JSON.stringify([...outcomes]));
  });
});
