import type { PublishInput, PublishResponse } from '@aws-sdk/client-sns';
import type { SnsOperation } from '../context.js';
import { snsErrors } from '../errors.js';
import { parseTopicArn } from '../domain/arn.js';
import { checkContent, preparePublication } from '../domain/publication.js';
import { sequenceNumber } from '../domain/sequence-number.js';
import { DEFAULT_MAXIMUM_MESSAGE_SIZE, topicSettings } from '../domain/topic-attributes.js';
import { recordPublications } from '../fan-out.js';
import { publishDirect } from '../direct-publish.js';

/**
 * Publish to a topic (TopicArn, or TargetArn naming a topic). The answer comes after the message
 * and its deliveries are committed to the outbox. A message's own faults are reported before a
 * missing topic [AWS order, LocalStack AWS-validated tests]. Direct SMS (PhoneNumber) and mobile
 * push (TargetArn of a platform endpoint) are recorded (direct-publish.ts).
 */
export const publish: SnsOperation<PublishInput, PublishResponse> = async (deps, input, ctx) => {
  if (input.PhoneNumber !== undefined || input.TargetArn?.includes(':endpoint/')) return publishDirect(deps, input, ctx);
  const parameter = input.TopicArn !== undefined ? 'TopicArn' : 'TargetArn';
  const arn = input.TopicArn ?? input.TargetArn;
  if (arn === undefined) throw snsErrors.invalidParameter('TopicArn or TargetArn Reason: no value for required parameter');
  const address = parseTopicArn(arn, parameter, ctx.region);
  const topic = await deps.store.getTopic(address.arn);
  if (!topic) {
    checkContent(input, DEFAULT_MAXIMUM_MESSAGE_SIZE);
    throw snsErrors.topicNotFound();
  }
  const settings = topicSettings(topic);
  const now = deps.clock.now();
  const prepared = preparePublication(input, { topicArn: topic.arn, settings, messageId: deps.ids.uuid(), now, baseUrl: ctx.baseUrl, traceHeader: ctx.traceHeader });
  const [result] = await recordPublications(deps, topic, [prepared], now);
  return { MessageId: result!.messageId, SequenceNumber: settings.fifo ? sequenceNumber(result!.seq) : undefined };
};
