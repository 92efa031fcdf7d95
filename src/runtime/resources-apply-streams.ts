import { ConfigError } from './config.js';
import { attempt, call, lookup, report, tagDifferences, type Run } from './resources-common.js';
import type { StreamMode, StreamSpec } from './resources-spec.js';

/**
 * A stream of the resource file, reconciled. A stream changes state as AWS's do: CREATING after
 * CreateStream, UPDATING after UpdateStreamMode or UpdateShardCount, and most changes need it
 * ACTIVE; so each step waits for ACTIVE before the next. What AWS can change, this changes the way
 * AWS allows: the mode with UpdateStreamMode; the shard count with UpdateShardCount, which goes at
 * most to double or half the open shards a call, so a bigger change is made in steps (each counts
 * against AWS's 10 scalings a day); the retention period up or down. New consumers are registered
 * and waited for until ACTIVE, so that SubscribeToShard works once the server is up.
 */

export interface StreamWaits {
  /** Waits between looks at a stream in transition (setTimeout in production). */
  readonly sleep: (ms: number) => Promise<void>;
  /** How long a stream or consumer may stay in transition before applying gives up. */
  readonly timeoutMs: number;
}

/** AWS's limit on consumers CREATING at once on one stream. */
const MAX_CREATING_CONSUMERS = 5;
/** More steps than a mode switch, doubling 1 shard to 10,000 and a retention change take means nothing is moving. */
const MAX_STEPS = 24;
/** What AWS answers a change to a stream or consumer that is in transition or already exists. */
const IN_USE = ['ResourceInUseException'];

interface Summary {
  StreamARN: string;
  StreamStatus: string;
  StreamModeDetails: { StreamMode: StreamMode };
  OpenShardCount: number;
  RetentionPeriodHours: number;
}

export async function applyStream(run: Run, s: StreamSpec, path: string, waits: StreamWaits): Promise<void> {
  const { services, ctx } = run;
  const where = `resources: ${path} (stream ${s.name})`;
  const StreamName = s.name;
  const describe = async () => (await call(services, 'kinesis', 'DescribeStreamSummary', { StreamName }, ctx, where)).StreamDescriptionSummary as Summary;
  const active = () => until(waits, describe, (d) => d.StreamStatus === 'ACTIVE', `${where}: the stream is still not ACTIVE`);
  const mode = s.mode ?? (s.shards === undefined ? undefined : 'PROVISIONED');
  const found = await lookup(services, 'kinesis', 'DescribeStreamSummary', { StreamName }, ctx, where);
  let created = false;
  if (!found) {
    const Tags = s.tags !== undefined && Object.keys(s.tags).length > 0 ? s.tags : undefined;
    const ShardCount = mode === 'ON_DEMAND' ? undefined : s.shards;
    // Another node applying the same file at the same time may create it first: then it is an existing stream.
    created = await attempt(services, 'kinesis', 'CreateStream', { StreamName, ShardCount, StreamModeDetails: { StreamMode: mode ?? 'ON_DEMAND' }, Tags }, ctx, where, IN_USE);
  } else if (found.StreamDescriptionSummary.StreamStatus === 'DELETING') {
    throw new ConfigError(`${where}: the stream is being deleted; apply again once it is gone`);
  }
  let d = await active();
  const from = d.OpenShardCount;
  const changes = new Set<string>();
  // One change at a time, each waited for; one another node made meanwhile (ResourceInUse) is waited for and looked at again.
  for (let step = 0; ; step++) {
    const next = nextChange(s, mode, d);
    if (next === undefined) break;
    if (step === MAX_STEPS) throw new ConfigError(`${where}: the stream does not reach what the file says (${next.note} still to do)`);
    if (await attempt(services, 'kinesis', next.operation, next.input, ctx, where, IN_USE)) changes.add(next.note);
    d = await active();
  }
  const notes = [...changes].map((n) => (n === 'shards' ? `shards ${from} → ${s.shards}` : n));
  if (!created) {
    const retag = tagDifferences(s.tags, await streamTags(run, StreamName, where));
    // AddTagsToStream takes at most 10 tags a call.
    for (let i = 0; i < retag.length; i += 10) {
      const Tags = Object.fromEntries(retag.slice(i, i + 10).map((k) => [k, s.tags![k]]));
      await call(services, 'kinesis', 'AddTagsToStream', { StreamName, Tags }, ctx, where);
    }
    notes.push(...retag.map((k) => `tag ${k}`));
  }
  report(run, `stream ${s.name}`, created ? 'created' : notes);
  await applyConsumers(run, s, d.StreamARN, where, waits);
}

/** The next step toward what the file says: the mode first, then the shard count (at most double or half a step), then the retention. */
function nextChange(s: StreamSpec, mode: StreamMode | undefined, d: Summary): { operation: string; input: object; note: string } | undefined {
  const StreamName = s.name;
  if (mode !== undefined && mode !== d.StreamModeDetails.StreamMode) {
    return { operation: 'UpdateStreamMode', input: { StreamARN: d.StreamARN, StreamModeDetails: { StreamMode: mode } }, note: `mode ${mode}` };
  }
  const open = d.OpenShardCount;
  if (s.shards !== undefined && open !== s.shards) {
    const TargetShardCount = s.shards > open ? Math.min(s.shards, open * 2) : Math.max(s.shards, Math.ceil(open / 2));
    return { operation: 'UpdateShardCount', input: { StreamName, TargetShardCount, ScalingType: 'UNIFORM_SCALING' }, note: 'shards' };
  }
  const hours = s.retentionHours;
  if (hours !== undefined && hours !== d.RetentionPeriodHours) {
    const operation = hours > d.RetentionPeriodHours ? 'IncreaseStreamRetentionPeriod' : 'DecreaseStreamRetentionPeriod';
    return { operation, input: { StreamName, RetentionPeriodHours: hours }, note: `retention ${hours} h` };
  }
  return undefined;
}

/** Registers the consumers the stream lacks (at most 5 CREATING at once, as AWS allows) and waits until they are ACTIVE. */
async function applyConsumers(run: Run, s: StreamSpec, StreamARN: string, where: string, waits: StreamWaits): Promise<void> {
  const list = async () => {
    const page = await call(run.services, 'kinesis', 'ListStreamConsumers', { StreamARN }, run.ctx, where);
    return new Map<string, string>((page.Consumers ?? []).map((c: { ConsumerName: string; ConsumerStatus: string }) => [c.ConsumerName, c.ConsumerStatus]));
  };
  const existing = await list();
  const missing = (s.consumers ?? []).filter((name) => !existing.has(name));
  const creating = (m: Map<string, string>) => [...m.values()].filter((status) => status === 'CREATING').length;
  for (const ConsumerName of missing) {
    await until(waits, list, (m) => creating(m) < MAX_CREATING_CONSUMERS, `${where}: consumers stay CREATING`);
    // Not registered here if another node just registered it.
    if (await attempt(run.services, 'kinesis', 'RegisterStreamConsumer', { StreamARN, ConsumerName }, run.ctx, where, IN_USE)) {
      report(run, `consumer ${s.name}/${ConsumerName}`, 'created');
    }
  }
  if (missing.length > 0) await until(waits, list, (m) => missing.every((n) => m.get(n) === 'ACTIVE'), `${where}: consumers are still not ACTIVE`);
}

async function streamTags(run: Run, StreamName: string, where: string): Promise<Record<string, string>> {
  const tags: Record<string, string> = {};
  let ExclusiveStartTagKey: string | undefined;
  for (;;) {
    const page = await call(run.services, 'kinesis', 'ListTagsForStream', { StreamName, ExclusiveStartTagKey }, run.ctx, where);
    for (const t of page.Tags ?? []) tags[t.Key] = t.Value;
    if (!page.HasMoreTags || (page.Tags ?? []).length === 0) return tags;
    ExclusiveStartTagKey = page.Tags[page.Tags.length - 1].Key;
  }
}

/** Looks again, waiting longer each time (25 ms up to 500 ms), until `done` holds or the time is up. */
export async function until<T>(waits: StreamWaits, look: () => Promise<T>, done: (value: T) => boolean, timeoutMessage: string): Promise<T> {
  let waited = 0;
  for (let delay = 25; ; delay = Math.min(delay * 2, 500)) {
    const value = await look();
    if (done(value)) return value;
    if (waited >= waits.timeoutMs) throw new ConfigError(`${timeoutMessage} after ${Math.round(waited / 1000)} s`);
    await waits.sleep(delay);
    waited += delay;
  }
}
