import type { SetSubscriptionAttributesInput } from '@aws-sdk/client-sns';
import { resolveSubscription, type SnsOperation } from '../context.js';
import { snsErrors } from '../errors.js';
import { startReplay } from '../archive.js';
import { checkSubscriptionAttributes } from '../domain/subscription-attributes.js';
import { checkReplayPolicy } from '../domain/replay-policy.js';

/**
 * One attribute per call, checked as AWS does (a FilterPolicy under the scope it will be evaluated
 * in). A ReplayPolicy starts a replay of the topic's archive at once, superseding a running one; an
 * empty one stops it (archive.ts).
 */
export const setSubscriptionAttributes: SnsOperation<SetSubscriptionAttributesInput, void> = async (deps, input) => {
  const sub = await resolveSubscription(deps, input.SubscriptionArn);
  const changes = checkSubscriptionAttributes({ [input.AttributeName ?? '']: input.AttributeValue ?? '' }, sub, 'set');
  if (!('ReplayPolicy' in changes)) return deps.store.setSubscriptionAttributes(sub.id, changes);
  const topic = await deps.store.getTopic(sub.topicArn);
  if (!topic) throw snsErrors.topicNotFound();
  const text = changes.ReplayPolicy!;
  await startReplay(deps, topic, sub, text === null ? null : { text, window: checkReplayPolicy(text, topic, deps.clock.now(), 'set') });
};
