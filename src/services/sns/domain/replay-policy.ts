import { snsErrors } from '../errors.js';
import type { TopicRecord } from '../store.js';
import { beginningArchiveTime } from './archive-policy.js';
import { isoTimestamp } from './envelope.js';
import type { PolicyContext } from './filter-policy/index.js';
import { parseJsonRoot } from './filter-policy/json-reader.js';

/**
 * ReplayPolicy of subscriptions to FIFO topics (AWS docs, "Amazon SNS message replay for FIFO topic
 * subscribers"): `{"PointType":"Timestamp","StartingPoint":"<ISO time>","EndingPoint":"<ISO time>"}`.
 * PointType and StartingPoint are required, and `Timestamp` is the only PointType; without an
 * EndingPoint the replay "continue[s] until caught up to the current time" and the subscription then
 * receives new messages as usual; with one it replays up to it "and then stop[s] … This action
 * effectively pauses the subscription": messages published after the EndingPoint are not delivered
 * until a new ReplayPolicy without EndingPoint is set [all AWS docs]. The subscription's filter
 * policy applies to replayed messages [AWS docs].
 *
 * The checks and their wording are [unverified] (no recorded AWS answer found): the topic must be
 * FIFO and archive (an ArchivePolicy), the StartingPoint must not be before the topic's
 * BeginningArchiveTime (the console says "the start time should be later than the beginning of the
 * approximated archive time") nor in the future, and an EndingPoint must not be before it.
 */

export interface ReplayWindow {
  readonly from: number;
  /** Absent: up to the present, then live. */
  readonly to?: number;
}

/** ISO-8601 date and time with seconds, optional fraction, and Z or an offset (AWS's examples use `…T10:00:00.000Z`). */
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:?\d{2})$/;

function instant(value: unknown): number | undefined {
  if (typeof value !== 'string' || !ISO.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** The window of a stored (valid) ReplayPolicy. */
export function replayWindow(policy: string): ReplayWindow {
  const p = parseJsonRoot(policy) as { StartingPoint: string; EndingPoint?: string };
  const to = p.EndingPoint === undefined ? undefined : instant(p.EndingPoint);
  return to === undefined ? { from: instant(p.StartingPoint)! } : { from: instant(p.StartingPoint)!, to };
}

/**
 * Whether live delivery of a message published at `publishedAt` is held back by the subscription's
 * ReplayPolicy: it has an EndingPoint and the message comes after it (the paused subscription).
 * The publish's transaction checks that the policies it decided by are still current (fan-out.ts).
 */
export function pausedByReplay(attributes: Readonly<Record<string, string>>, publishedAt: number): boolean {
  if (!attributes.ReplayPolicy) return false;
  const { to } = replayWindow(attributes.ReplayPolicy);
  return to !== undefined && publishedAt > to;
}

/**
 * Checks a ReplayPolicy (already known to be JSON: subscription-attributes.ts) against the
 * subscription's topic at `now`; returns its window. Errors as checkSubscriptionAttributes words
 * them: "Invalid parameter: [Attributes Reason: ]ReplayPolicy: <what>".
 */
export function checkReplayPolicy(policy: string, topic: TopicRecord, now: number, context: PolicyContext): ReplayWindow {
  const invalid = (what: string) => snsErrors.invalidParameter(`${context === 'subscribe' ? 'Attributes Reason: ' : ''}ReplayPolicy: ${what}`);
  if (topic.attributes.FifoTopic !== 'true') throw invalid('ReplayPolicy is only supported for subscriptions to FIFO topics');
  const beginning = beginningArchiveTime(topic.attributes, now);
  if (beginning === null) throw invalid('the topic has no ArchivePolicy: there is no archive to replay from');
  const p = parseJsonRoot(policy);
  if (!p || typeof p !== 'object' || Array.isArray(p)) throw invalid('must be a JSON object');
  const fields = p as Record<string, unknown>;
  const unknown = Object.keys(fields).find((k) => k !== 'PointType' && k !== 'StartingPoint' && k !== 'EndingPoint');
  if (unknown !== undefined) throw invalid(`Unrecognized field "${unknown}"`);
  if (fields.PointType === undefined) throw invalid('PointType is required');
  if (fields.PointType !== 'Timestamp') throw invalid(`Invalid value [${String(fields.PointType)}] for PointType. Supported value: Timestamp`);
  if (fields.StartingPoint === undefined) throw invalid('StartingPoint is required');
  const from = instant(fields.StartingPoint);
  if (from === undefined) throw invalid('StartingPoint must be an ISO-8601 timestamp');
  if (from < beginning) throw invalid(`StartingPoint must not be before the topic's BeginningArchiveTime (${isoTimestamp(beginning)})`);
  if (from > now) throw invalid('StartingPoint must not be in the future');
  if (fields.EndingPoint === undefined) return { from };
  const to = instant(fields.EndingPoint);
  if (to === undefined) throw invalid('EndingPoint must be an ISO-8601 timestamp');
  if (to < from) throw invalid('EndingPoint must not be before StartingPoint');
  return { from, to };
}
