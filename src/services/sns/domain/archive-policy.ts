import { isoTimestamp } from './envelope.js';

/**
 * ArchivePolicy of FIFO topics (AWS docs, "Amazon SNS message archiving for FIFO topic owners"):
 * `{"MessageRetentionPeriod":"<days>"}`, 1 to 365 days; while it is set, every message published
 * to the topic is archived for that long. Setting it to an empty JSON object `{}` deactivates
 * archiving [AWS docs: the archive shows "inactive when the archive policy is set to an empty JSON
 * object"]. Only FIFO topics take it (topic-attributes.ts checks that).
 *
 * BeginningArchiveTime (GetTopicAttributes) is "the earliest starting point at which a message in
 * the topic's archive can be replayed from … based on the configured message retention period"
 * [AWS API reference]: here the later of when archiving was switched on and now minus the
 * retention period, as an ISO-8601 UTC timestamp with milliseconds [format unverified]. The switch-on
 * time is stored as the topic attribute BeginningArchiveTime and the view recomputes it.
 */

const DAY_MS = 86_400_000;
export const MIN_RETENTION_DAYS = 1;
export const MAX_RETENTION_DAYS = 365;

/**
 * What is wrong with a (syntactically valid JSON) ArchivePolicy, or undefined. The retention may be a
 * string (AWS's examples) or a JSON integer [unverified: whether AWS takes numbers]; other members
 * are refused [unverified]. Wording [unverified].
 */
export function archivePolicyComplaint(value: string): string | undefined {
  const parsed = JSON.parse(value) as unknown;
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return 'ArchivePolicy must be a JSON object';
  const keys = Object.keys(parsed);
  if (keys.length === 0) return undefined;
  const unknown = keys.find((k) => k !== 'MessageRetentionPeriod');
  if (unknown !== undefined) return `Unrecognized field "${unknown}"`;
  const days = retentionOf(parsed as Record<string, unknown>);
  if (days === null) {
    return `MessageRetentionPeriod must be an integer number of days from ${MIN_RETENTION_DAYS} to ${MAX_RETENTION_DAYS}`;
  }
  return undefined;
}

/** Whether a (valid) ArchivePolicy turns archiving off: the empty object. */
export function isArchiveOff(value: string): boolean {
  return Object.keys(JSON.parse(value) as object).length === 0;
}

function retentionOf(policy: Record<string, unknown>): number | null {
  const v = policy.MessageRetentionPeriod;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : NaN;
  return Number.isInteger(n) && n >= MIN_RETENTION_DAYS && n <= MAX_RETENTION_DAYS ? n : null;
}

/** The archive retention of a topic's (stored, valid) attributes in ms, or null when it archives nothing. */
export function archiveRetentionMs(attributes: Readonly<Record<string, string>>): number | null {
  if (!attributes.ArchivePolicy) return null;
  try {
    const days = retentionOf(JSON.parse(attributes.ArchivePolicy) as Record<string, unknown>);
    return days === null ? null : days * DAY_MS;
  } catch {
    return null;
  }
}

/** The attribute changes that turn archiving on (keeping the first switch-on time) or off. */
export function archiveChanges(policy: string | null, current: Readonly<Record<string, string>>, now: number): Record<string, string | null> {
  if (policy === null) return { ArchivePolicy: null, BeginningArchiveTime: null };
  return { ArchivePolicy: policy, BeginningArchiveTime: current.BeginningArchiveTime ?? isoTimestamp(now) };
}

/** BeginningArchiveTime at `now` in epoch ms, or null when the topic does not archive. */
export function beginningArchiveTime(attributes: Readonly<Record<string, string>>, now: number): number | null {
  const retention = archiveRetentionMs(attributes);
  if (retention === null) return null;
  const since = attributes.BeginningArchiveTime ? Date.parse(attributes.BeginningArchiveTime) : now;
  return Math.max(since, now - retention);
}
