import { snsErrors } from '../errors.js';
import type { SubscriptionRecord, TopicRecord } from '../store.js';
import { isArn, parseQueueArn } from './arn.js';
import { effectiveSubscriptionDeliveryPolicy } from './delivery-policy.js';
import { deliveryPolicyComplaint } from './http-retry.js';
import { validateFilterPolicy, type PolicyContext, type Scope } from './filter-policy/index.js';
import { jacksonComplaint, parseJsonRoot } from './filter-policy/json-reader.js';

/**
 * Subscription attributes: the ones a caller may set (Subscribe `Attributes`,
 * SetSubscriptionAttributes), their checks with AWS's messages [AWS-recorded unless marked], and
 * the map GetSubscriptionAttributes answers with.
 *
 * Subscribe words its errors "Invalid parameter: Attributes Reason: <what>",
 * SetSubscriptionAttributes "Invalid parameter: <what>".
 */

const SETTABLE = new Set(['DeliveryPolicy', 'FilterPolicy', 'FilterPolicyScope', 'RawMessageDelivery', 'RedrivePolicy', 'SubscriptionRoleArn', 'ReplayPolicy']);

export interface SubscriptionShape {
  readonly topicArn: string;
  readonly protocol: string;
  readonly endpoint: string;
  readonly attributes: Readonly<Record<string, string>>;
}

/**
 * Checks attribute changes against a subscription (existing, or about to be made) and returns what
 * to store: values normalised (RawMessageDelivery lower-cased), null for "remove" (an empty
 * FilterPolicy or RedrivePolicy). A FilterPolicy is validated under the scope it will have.
 */
export function checkSubscriptionAttributes(
  changes: Readonly<Record<string, string>>,
  sub: SubscriptionShape,
  context: PolicyContext,
): Record<string, string | null> {
  const invalid = (what: string) => snsErrors.invalidParameter(context === 'subscribe' ? `Attributes Reason: ${what}` : what);
  const out: Record<string, string | null> = {};
  for (const [name, value] of Object.entries(changes)) {
    if (!SETTABLE.has(name)) throw invalid('AttributeName');
    switch (name) {
      case 'RawMessageDelivery': {
        const v = value.toLowerCase();
        if (v !== 'true' && v !== 'false') throw invalid(`RawMessageDelivery: Invalid value [${value}]. Must be true or false.`);
        out[name] = v;
        break;
      }
      case 'FilterPolicyScope':
        if (value !== 'MessageAttributes' && value !== 'MessageBody') {
          throw invalid(`FilterPolicyScope: Invalid value [${value}]. Please use either MessageBody or MessageAttributes`);
        }
        out[name] = value;
        break;
      case 'FilterPolicy':
        out[name] = value === '' ? null : value;
        break;
      case 'RedrivePolicy':
        out[name] = value === '' ? null : checkRedrivePolicy(value, sub, invalid);
        break;
      case 'DeliveryPolicy':
      case 'ReplayPolicy': {
        const complaint = value === '' ? undefined : jacksonComplaint(value);
        if (complaint !== undefined) throw invalid(`${name}: failed to parse JSON. ${complaint}`);
        const policyComplaint = name === 'DeliveryPolicy' && value !== '' ? deliveryPolicyComplaint(value, 'subscription') : undefined;
        if (policyComplaint !== undefined) throw invalid(`${name}: ${policyComplaint}`);
        out[name] = value === '' ? null : value;
        break;
      }
      default:
        out[name] = value;
    }
  }
  const policy = 'FilterPolicy' in out ? out.FilterPolicy : sub.attributes.FilterPolicy;
  if (policy && ('FilterPolicy' in out || 'FilterPolicyScope' in out)) {
    const scope = (out.FilterPolicyScope ?? sub.attributes.FilterPolicyScope ?? 'MessageAttributes') as Scope;
    validateFilterPolicy(policy, scope, context);
  }
  return out;
}

function checkRedrivePolicy(value: string, sub: SubscriptionShape, invalid: (what: string) => Error): string {
  const complaint = jacksonComplaint(value);
  if (complaint !== undefined) throw invalid(`RedrivePolicy: failed to parse JSON. ${complaint}`);
  const parsed = parseJsonRoot(value) as { deadLetterTargetArn?: unknown } | null;
  const target = parsed && typeof parsed === 'object' ? parsed.deadLetterTargetArn : undefined;
  if (typeof target !== 'string' || !isArn(target)) throw invalid('RedrivePolicy: deadLetterTargetArn is an invalid arn');
  if (sub.topicArn.endsWith('.fifo') && sub.endpoint.endsWith('.fifo') && !parseQueueArn(target)?.name.endsWith('.fifo')) {
    throw invalid('RedrivePolicy: must use a FIFO queue as DLQ for a FIFO Subscription to a FIFO Topic.');
  }
  return value;
}

/** The dead-letter queue ARN of a subscription's RedrivePolicy, if it has one. */
export function deadLetterTarget(attributes: Readonly<Record<string, string>>): string | undefined {
  if (!attributes.RedrivePolicy) return undefined;
  try {
    const target = (parseJsonRoot(attributes.RedrivePolicy) as { deadLetterTargetArn?: unknown }).deadLetterTargetArn;
    return typeof target === 'string' ? target : undefined;
  } catch {
    return undefined;
  }
}

/** The GetSubscriptionAttributes map, in AWS's shape. */
export function subscriptionAttributesView(sub: SubscriptionRecord, topic: TopicRecord | undefined): Record<string, string> {
  const a = sub.attributes;
  const out: Record<string, string> = {
    ConfirmationWasAuthenticated: String(sub.confirmationWasAuthenticated),
    Endpoint: sub.endpoint,
    Owner: sub.owner,
    PendingConfirmation: String(sub.pendingConfirmation),
    Protocol: sub.protocol,
    RawMessageDelivery: a.RawMessageDelivery ?? 'false',
    SubscriptionArn: sub.arn,
    // AWS names the IAM identity that subscribed; we know its account only.
    SubscriptionPrincipal: `arn:aws:iam::${sub.owner}:root`,
    TopicArn: sub.topicArn,
  };
  if (a.FilterPolicy) {
    out.FilterPolicy = a.FilterPolicy;
    out.FilterPolicyScope = a.FilterPolicyScope ?? 'MessageAttributes';
  }
  for (const k of ['RedrivePolicy', 'DeliveryPolicy', 'SubscriptionRoleArn', 'ReplayPolicy']) if (a[k] !== undefined) out[k] = a[k]!;
  if (sub.protocol === 'http' || sub.protocol === 'https') {
    out.EffectiveDeliveryPolicy = effectiveSubscriptionDeliveryPolicy(a.DeliveryPolicy, topic?.attributes.DeliveryPolicy);
  }
  return out;
}
