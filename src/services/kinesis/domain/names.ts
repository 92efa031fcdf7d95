import type { Ids } from '../../../runtime/ids.js';

/**
 * Names and identifiers as AWS forms them (AWS-WIRE §3.3):
 * - stream ARN `arn:aws:kinesis:<region>:<account>:stream/<name>`;
 * - shard ids `shardId-` + 12 digits; AWS also accepts shorter forms such as `shardId-1` or `1`
 *   and answers with the canonical id (kinesalite's recorded behaviour);
 * - StreamId: 20 lower-case alphanumerics, `-`, 3 more (the 2025 `StreamId` member).
 */

export function streamArn(region: string, accountId: string, name: string): string {
  return `arn:aws:kinesis:${region}:${accountId}:stream/${name}`;
}

export interface StreamRef {
  readonly region: string;
  readonly accountId: string;
  readonly name: string;
}

const STREAM_ARN = /^arn:aws[a-z-]*:kinesis:([a-z0-9-]*):(\d{12}):stream\/([a-zA-Z0-9_.-]{1,128})$/;

/** The stream a stream ARN names, or undefined if it is not a stream ARN. */
export function parseStreamArn(arn: string): StreamRef | undefined {
  const m = STREAM_ARN.exec(arn);
  return m ? { region: m[1]!, accountId: m[2]!, name: m[3]! } : undefined;
}

export function shardIdOf(index: number): string {
  return `shardId-${String(index).padStart(12, '0')}`;
}

/** The index a shard id names (`shardId-000000000001`, `shardId-1`, `1`), or undefined. */
export function parseShardId(shardId: string): number | undefined {
  const dash = shardId.lastIndexOf('-');
  const digits = dash < 0 ? shardId : shardId.slice(dash + 1);
  if (!/^\d{1,12}$/.test(digits)) return undefined;
  const n = Number(digits);
  return n <= 0x7fffffff ? n : undefined;
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

export function newStreamId(ids: Ids): string {
  const b = ids.bytes(23);
  let s = '';
  for (let i = 0; i < 23; i++) s += (i === 20 ? '-' : '') + ALPHABET[b[i]! % 36];
  return s;
}

/** "Fri Jan 01 00:00:00 UTC 2021": Java's Date.toString in UTC, as AWS's messages print times. */
export function javaUtcString(ms: number): string {
  const m = /^(\w+), (\d+) (\w+) (\d+) ([\d:]+) GMT$/.exec(new Date(ms).toUTCString());
  if (!m) return new Date(ms).toISOString();
  return `${m[1]} ${m[3]} ${m[2]} ${m[5]} UTC ${m[4]}`;
}

/** AWS's consumer ARN: the stream ARN, `/consumer/<name>:<creation epoch seconds>` (AWS-WIRE §3.3). */
export function consumerArn(streamArnText: string, consumerName: string, createdAtMs: number): string {
  return `${streamArnText}/consumer/${consumerName}:${Math.floor(createdAtMs / 1000)}`;
}

export interface ConsumerRef extends StreamRef {
  readonly consumerName: string;
  readonly createdSecs: number;
}

const CONSUMER_ARN = /^arn:aws[a-z-]*:kinesis:([a-z0-9-]*):(\d{12}):stream\/([a-zA-Z0-9_.-]{1,128})\/consumer\/([a-zA-Z0-9_.-]{1,128}):(\d{1,12})$/;

export function parseConsumerArn(arn: string): ConsumerRef | undefined {
  const m = CONSUMER_ARN.exec(arn);
  return m ? { region: m[1]!, accountId: m[2]!, name: m[3]!, consumerName: m[4]!, createdSecs: Number(m[5]) } : undefined;
}

/**
 * Whether `keyId` could name a KMS key at all: every form (key id, key ARN, alias name, alias ARN)
 * is printable ASCII without spaces. Switchyard calls no KMS, so this is all it checks of a KeyId.
 */
export function couldBeKmsKeyId(keyId: string): boolean {
  return /^[\x21-\x7e]+$/.test(keyId);
}
