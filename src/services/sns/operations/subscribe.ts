import type { SubscribeInput, SubscribeResponse } from '@aws-sdk/client-sns';
import { resolveTopic, type SnsOperation } from '../context.js';
import { snsErrors } from '../errors.js';
import { sendControlMessage } from '../confirmations.js';
import { checkEndpoint, needsConfirmation } from '../domain/endpoints.js';
import { checkSubscriptionAttributes } from '../domain/subscription-attributes.js';
import { topicSettings } from '../domain/topic-attributes.js';
import { checkReplayPolicy } from '../domain/replay-policy.js';
import { startReplay } from '../archive.js';
import { requireEndpoint } from '../mobile.js';

/** The answer for a subscription that waits for its endpoint's owner (AWS-WIRE §2.1). */
const PENDING = 'pending confirmation';

/**
 * Subscribe is idempotent per (topic, protocol, endpoint): subscribing again answers the same
 * subscription, unless given attributes differ from its own [AWS-recorded message]. HTTP/S and
 * email subscriptions start pending with a confirmation token, sent to the endpoint in a
 * SubscriptionConfirmation (again on each Subscribe while pending, as AWS does), and answer
 * "pending confirmation" unless ReturnSubscriptionArn is true. A ReplayPolicy (FIFO topics with an
 * archive) replays the archive to the new subscription (archive.ts).
 */
export const subscribe: SnsOperation<SubscribeInput, SubscribeResponse> = async (deps, input, ctx) => {
  const topic = await resolveTopic(deps, input.TopicArn, ctx);
  const protocol = input.Protocol ?? '';
  const endpoint = checkEndpoint(protocol, input.Endpoint, topicSettings(topic).fifo);
  if (protocol === 'application') await requireEndpoint(deps, endpoint);
  const checked = checkSubscriptionAttributes(input.Attributes ?? {}, { topicArn: topic.arn, protocol, endpoint, attributes: {} }, 'subscribe');
  const attributes: Record<string, string> = {};
  for (const [k, v] of Object.entries(checked)) if (v !== null) attributes[k] = v;
  const replay = attributes.ReplayPolicy === undefined ? null : { text: attributes.ReplayPolicy, window: checkReplayPolicy(attributes.ReplayPolicy, topic, deps.clock.now(), 'subscribe') };
  const pending = needsConfirmation(protocol);
  const { created, subscription } = await deps.store.createSubscription({
    arn: `${topic.arn}:${deps.ids.uuid()}`,
    topicId: topic.id,
    topicArn: topic.arn,
    owner: ctx.accountId,
    region: ctx.region,
    protocol,
    endpoint,
    attributes,
    pendingConfirmation: pending,
    confirmationWasAuthenticated: !pending,
    // AWS's tokens are long hex strings (256 characters in its examples).
    token: pending ? deps.ids.bytes(128).toString('hex') : null,
    createdAt: deps.clock.now(),
  });
  if (!created && Object.entries(attributes).some(([k, v]) => subscription.attributes[k] !== v)) {
    throw snsErrors.subscriptionExistsWithDifferentAttributes();
  }
  // "Messages can be replayed immediately after the subscription is created" [AWS docs]: queued now
  // (or, after a crash right here, by archive.ts resumeReplays).
  if (created && replay) await startReplay(deps, topic, subscription, replay, true);
  // Deliveries will be signed: have the key ready before the first Publish needs it.
  deps.signer.warm().catch((e: unknown) => deps.log('debug', 'sns: signing key not ready yet; the first signed message will retry', { error: String(e) }));
  if (subscription.pendingConfirmation) await sendControlMessage(deps, topic, subscription, 'SubscriptionConfirmation', ctx.baseUrl);
  return { SubscriptionArn: subscription.pendingConfirmation && input.ReturnSubscriptionArn !== true ? PENDING : subscription.arn };
};
