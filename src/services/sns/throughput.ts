import type { RateCharge } from '../shared/rate-limiter.js';

/**
 * AWS's SNS API throttling quotas, enforced in the opt-in throughput mode only
 * (`--throughput-limits`): test suites publish and poll in tight loops, and a local server
 * failing them by default would only be in the way. Every rate is per account and region (SNS
 * quotas are regional), counted in a sliding second (shared/rate-limiter.ts), the cluster's on
 * PostgreSQL (shared/rate-shared.ts), else in memory.
 *
 * Source: AWS General Reference, "Amazon Simple Notification Service endpoints and quotas"
 * (https://docs.aws.amazon.com/general/latest/gr/sns.html), section "Amazon SNS API throttling".
 *
 * Publish (soft; "The messages per second quota is based on the number of messages published to
 * an Amazon SNS region, per account, combining Publish and PublishBatch API requests": a
 * PublishBatch counts its entries, "using the PublishBatch action at a rate of 3,000 API requests
 * per second to publish 30,000 messages"):
 *
 * | AWS Regions                                                            | standard topics | FIFO topics |
 * |------------------------------------------------------------------------|----------------:|------------:|
 * | US East (N. Virginia)                                                  |          30,000 |      30,000 |
 * | US West (Oregon), Europe (Ireland)                                     |           9,000 |       9,000 |
 * | US East (Ohio), US West (N. California), Asia Pacific (Mumbai, Seoul,  |           1,500 |       3,000 |
 * |   Singapore, Sydney, Tokyo), Europe (Frankfurt)                        |                 |             |
 * | All other supported Regions                                            |             300 |       3,000 |
 *
 * Messages to standard topics and to FIFO topics are counted in their own columns (two windows
 * per account and region); a direct publish (SMS, mobile push) counts as standard.
 *
 * FIFO topics, per topic: "Amazon SNS FIFO topics have a maximum per message group limit of 300
 * messages per second, and Amazon SNS FIFO topics per topic throughput defaults to a limit of
 * 3,000 messages per second or 20MB per second, which ever comes first, when FifoThroughputScope
 * is set to Topic" ("per topic limits exceed the default per account limit when
 * FifoThroughputScope is set to MessageGroup"). So: scope Topic (the default), 3,000 messages a
 * second per topic; scope MessageGroup, 300 messages a second per message group. The 20 MB a
 * second is not counted here.
 *
 * The other operations (hard quotas, "The following quotas cannot be increased", transactions
 * per second) are API_RATES below; "Other API throttling" (soft, by region) is regionalApiRate. Operations the page does not name are not limited.
 *
 * The error: what SNS sends when a caller passes these rates is the query services' common
 * `Throttling` (HTTP 400, Sender) with "Rate exceeded" (AWS Knowledge Center "ThrottlingException
 * and Rate exceeded errors in Amazon SNS": "(ThrottlingException) when calling the publish
 * operation: Rate exceeded"; an SNS client seeing `("Throttling", "Rate exceeded")`,
 * amzn/smoke-aws#149). SNS's modelled ThrottledException (`Throttled`, 429) is listed only for the
 * SMS operations, so those answer with it instead. Both are retried as throttling by the SDKs.
 */

/** Hard per-account quotas, transactions per second (AWS's "Hard" table, as given). */
export const API_RATES: Readonly<Record<string, number>> = {
  AddPermission: 10,
  CheckIfPhoneNumberIsOptedOut: 50,
  CreateSMSSandboxPhoneNumber: 1,
  DeleteSMSSandboxPhoneNumber: 1,
  GetSMSAttributes: 20,
  GetSMSSandboxAccountStatus: 10,
  ListEndpointsByPlatformApplication: 30,
  ListOriginationNumbers: 1,
  ListPhoneNumbersOptedOut: 10,
  ListPlatformApplications: 15,
  ListSMSSandboxPhoneNumbers: 1,
  ListSubscriptions: 30,
  ListSubscriptionsByTopic: 30,
  ListTagsForResource: 10,
  ListTopics: 30,
  OptInPhoneNumber: 20,
  RemovePermission: 10,
  SetSMSAttributes: 1,
  Subscribe: 100,
  TagResource: 10,
  Unsubscribe: 100,
  UntagResource: 10,
  VerifySMSSandboxPhoneNumber: 1,
  // "PutDataProtectionPolicy | All Commercial Regions | 1" (in the regional table, the same everywhere).
  PutDataProtectionPolicy: 1,
};

/** "Other API throttling": each of these operations, transactions per second by region. */
const REGIONAL_API_OPERATIONS: ReadonlySet<string> = new Set([
  'ConfirmSubscription', 'CreatePlatformApplication', 'CreatePlatformEndpoint', 'CreateTopic', 'DeleteEndpoint',
  'DeletePlatformApplication', 'DeleteTopic', 'GetEndpointAttributes', 'GetDataProtectionPolicy',
  'GetPlatformApplicationAttributes', 'GetSubscriptionAttributes', 'GetTopicAttributes', 'SetEndpointAttributes',
  'SetPlatformApplicationAttributes', 'SetSubscriptionAttributes', 'SetTopicAttributes',
]);

/** The regions of each row of AWS's tables (the publish table and the "Other API throttling" one group them alike). */
const TIER_1 = ['us-east-1'];
const TIER_2 = ['us-west-2', 'eu-west-1'];
const TIER_3 = ['us-east-2', 'us-west-1', 'ap-south-1', 'ap-northeast-2', 'ap-southeast-1', 'ap-southeast-2', 'ap-northeast-1', 'eu-central-1'];

function tier(region: string): 1 | 2 | 3 | 4 {
  if (TIER_1.includes(region)) return 1;
  if (TIER_2.includes(region)) return 2;
  if (TIER_3.includes(region)) return 3;
  return 4;
}

/** "Other API throttling": 3,000 / 900 / 150 / 30 transactions per second (the last row lists the remaining regions; a region it does not list is given its 30). */
export function regionalApiRate(region: string): number {
  return [3_000, 900, 150, 30][tier(region) - 1]!;
}

/** Messages per second per account and region published to standard topics (and directly). */
export function standardPublishRate(region: string): number {
  return [30_000, 9_000, 1_500, 300][tier(region) - 1]!;
}

/** Messages per second per account and region published to FIFO topics. */
export function fifoPublishRate(region: string): number {
  return [30_000, 9_000, 3_000, 3_000][tier(region) - 1]!;
}

export const FIFO_TOPIC_MESSAGES_PER_SECOND = 3_000;
export const FIFO_GROUP_MESSAGES_PER_SECOND = 300;

/** The rate of a non-publish operation, or undefined if AWS gives it none. */
export function apiRate(operation: string, region: string): number | undefined {
  return API_RATES[operation] ?? (REGIONAL_API_OPERATIONS.has(operation) ? regionalApiRate(region) : undefined);
}

/** A non-publish call by `caller`: the window it counts against, or undefined if not limited. */
export function apiCharge(operation: string, caller: { readonly accountId: string; readonly region: string }): RateCharge | undefined {
  const perSecond = apiRate(operation, caller.region);
  return perSecond === undefined ? undefined : { key: `sns|${operation}|${caller.accountId}|${caller.region}`, perSecond };
}

/** The topic a publish goes to, as the charges need it; undefined for a direct publish (SMS, mobile push). */
export interface PublishTopic {
  readonly arn: string;
  readonly fifo: boolean;
  /** FifoThroughputScope=MessageGroup. */
  readonly perMessageGroup: boolean;
}

/**
 * The windows a Publish (one message) or PublishBatch (`groups`: each entry's MessageGroupId, in
 * order) counts against: the account's column for the topic type, and for a FIFO topic its own
 * 3,000 a second or each message group's 300.
 */
export function publishCharges(
  caller: { readonly accountId: string; readonly region: string },
  topic: PublishTopic | undefined,
  groups: readonly (string | undefined)[],
): RateCharge[] {
  const count = groups.length;
  const account = `${caller.accountId}|${caller.region}`;
  if (!topic?.fifo) return [{ key: `sns|publish|standard|${account}`, perSecond: standardPublishRate(caller.region), count }];
  const charges: RateCharge[] = [{ key: `sns|publish|fifo|${account}`, perSecond: fifoPublishRate(caller.region), count }];
  if (!topic.perMessageGroup) return [...charges, { key: `sns|publish|topic|${topic.arn}`, perSecond: FIFO_TOPIC_MESSAGES_PER_SECOND, count }];
  const perGroup = new Map<string, number>();
  for (const group of groups) perGroup.set(group ?? '', (perGroup.get(group ?? '') ?? 0) + 1);
  for (const [group, n] of perGroup) charges.push({ key: `sns|publish|group|${topic.arn}|${group}`, perSecond: FIFO_GROUP_MESSAGES_PER_SECOND, count: n });
  return charges;
}
