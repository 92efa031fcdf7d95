import { isDeepStrictEqual } from 'node:util';
import { shardIdOf } from '../services/kinesis/domain/names.js';
import type { PreparedRecord } from '../services/kinesis/domain/put.js';
import { recordSequenceNumber } from '../services/kinesis/domain/streams.js';
import { NO_KINESIS_OBSERVER, type KinesisObserver } from '../services/kinesis/observer.js';
import type { PutResult, StreamInfo } from '../services/kinesis/store.js';
import type { SnsObserver } from '../services/sns/delivery/observer.js';
import { NO_SNS_OBSERVER } from '../services/sns/delivery/observer.js';
import type { Publication } from '../services/sns/domain/publication.js';
import { deserializeAttributes } from '../services/sqs/domain/message-attributes.js';
import { NO_SQS_OBSERVER, type SqsObserver } from '../services/sqs/observer.js';
import type { EnqueueResult, NewMessage, QueueRecord, ReceiptOutcome, ReceiptRef, StoredMessage } from '../services/sqs/store.js';

/**
 * The message spy of an embedded Switchyard (`startSwitchyard({ spy: true })`): lets a test await
 * what flows through SQS and SNS in this process, without polling queues or receiving (and so
 * hiding) messages itself. Its method names follow fauxqs's MessageSpyReader, so tests move over.
 *
 * Events, newest last, in a buffer of `bufferSize` (the oldest are dropped):
 * - sqs `published`: a message added to a queue (SendMessage, SendMessageBatch, an SNS delivery);
 *   not a FIFO duplicate, a redrive to a dead-letter queue or a move task (they add no new message);
 * - sqs `dlq`: a message a receive moved to its queue's dead-letter queue (received maxReceiveCount
 *   times), named by the queue it left, as fauxqs's spy names it;
 * - sqs `consumed`: a message deleted with its receipt handle (DeleteMessage, DeleteMessageBatch);
 *   known for the last MAX_TRACKED messages published;
 * - sns `published`: a message accepted by Publish or PublishBatch (after its SQS deliveries);
 * - kinesis `put`: a record stored by PutRecord or PutRecords (not a throttled one).
 * The spy sees only this server: on several nodes over PostgreSQL, only what this node served.
 */
export interface SqsSpyMessage {
  readonly service: 'sqs';
  readonly status: 'published' | 'consumed' | 'dlq';
  readonly accountId: string;
  readonly queueName: string;
  readonly messageId: string;
  readonly body: string;
  /** As ReceiveMessage shows them: `{ DataType, StringValue }` or `{ DataType, BinaryValue }`. */
  readonly messageAttributes: Readonly<Record<string, SpyAttribute>>;
  readonly messageGroupId?: string;
  /** Epoch ms of the event. */
  readonly timestamp: number;
}

export interface SnsSpyMessage {
  readonly service: 'sns';
  readonly status: 'published';
  readonly topicArn: string;
  readonly topicName: string;
  readonly messageId: string;
  readonly subject?: string;
  readonly body: string;
  readonly messageAttributes: Readonly<Record<string, SpyAttribute>>;
  readonly messageGroupId?: string;
  readonly timestamp: number;
}

export interface KinesisSpyRecord {
  readonly service: 'kinesis';
  readonly status: 'put';
  readonly accountId: string;
  readonly region: string;
  readonly streamName: string;
  readonly shardId: string;
  readonly sequenceNumber: string;
  /** The SequenceNumber again, so that every event has a `messageId` (waitForMessageWithId). */
  readonly messageId: string;
  readonly partitionKey: string;
  readonly data: Uint8Array;
  /** `data` read as UTF-8 (most records are text), so that every event has a `body`. */
  readonly body: string;
  /** Epoch ms: the record's ApproximateArrivalTimestamp. */
  readonly timestamp: number;
}

export interface SpyAttribute {
  readonly DataType: string;
  readonly StringValue?: string;
  readonly BinaryValue?: Uint8Array;
}

export type SpyMessage = SqsSpyMessage | SnsSpyMessage | KinesisSpyRecord;
export type SpyStatus = SpyMessage['status'];
/** The fields a message must have (compared deeply), or a predicate. */
export type SpyFilter = Partial<SqsSpyMessage> | Partial<SnsSpyMessage> | Partial<KinesisSpyRecord> | ((message: SpyMessage) => boolean);

/** What the spy remembers of a published SQS message, to report its deletion. */
const MAX_TRACKED = 100_000;
const DEFAULT_TIMEOUT_MS = 10_000;

interface Waiter {
  readonly matches: (m: SpyMessage) => boolean;
  readonly offer: (m: SpyMessage) => boolean;
  readonly fail: (error: Error) => void;
}

export class MessageSpy {
  private buffer: SpyMessage[] = [];
  private readonly waiters = new Set<Waiter>();
  /** Published SQS messages by `${queue id} ${seq}` (what a receipt names), oldest first. */
  private readonly published = new Map<string, SqsSpyMessage>();

  /** What SQS tells the spy (services/sqs/observer.ts). */
  readonly sqsObserver: SqsObserver;
  /** What SNS tells the spy (services/sns/delivery/observer.ts). */
  readonly snsObserver: SnsObserver;
  /** What Kinesis tells the spy (services/kinesis/observer.ts). */
  readonly kinesisObserver: KinesisObserver;

  constructor(private readonly bufferSize = 1000) {
    if (!Number.isInteger(bufferSize) || bufferSize < 1) throw new RangeError(`the spy's buffer size must be a whole number of at least 1, not ${bufferSize}`);
    this.sqsObserver = {
      ...NO_SQS_OBSERVER,
      sent: (queue, _bytes, message, stored) => this.sqsSent(queue, message, stored),
      deleted: (queue, _count, receipts, outcomes) => this.sqsDeleted(queue, receipts, outcomes),
      deadLettered: (queue, messages) => this.sqsDeadLettered(queue, messages),
    };
    this.snsObserver = { ...NO_SNS_OBSERVER, published: (_topicArn, _bytes, publication) => this.snsPublished(publication) };
    this.kinesisObserver = {
      ...NO_KINESIS_OBSERVER,
      putRecord: (stream, _bytes, record, stored) => this.kinesisPut(stream, record, stored),
      putRecords: (stream, _total, _successful, _bytes, records, stored) => {
        for (let i = 0; i < records.length; i++) this.kinesisPut(stream, records[i]!, stored[i]!);
      },
    };
  }

  /** The oldest buffered message that matches, or undefined. */
  checkForMessage(filter: SpyFilter, status?: SpyStatus): SpyMessage | undefined {
    const matches = matcher(filter, status);
    return this.buffer.find(matches);
  }

  /** The oldest buffered match, else the next one to come; rejects after `timeoutMs`. */
  waitForMessage(filter: SpyFilter, status?: SpyStatus, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<SpyMessage> {
    return this.waitForMessages(filter, { count: 1, status, timeout: timeoutMs }).then((found) => found[0]!);
  }

  /** An SQS or SNS message by its MessageId, or a Kinesis record by its SequenceNumber. */
  waitForMessageWithId(messageId: string, status?: SpyStatus, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<SpyMessage> {
    return this.waitForMessage({ messageId }, status, timeoutMs);
  }

  /** `count` matches, buffered ones first, then those to come; rejects after `timeout` ms saying how many came. */
  waitForMessages(filter: SpyFilter, options: { readonly count: number; readonly status?: SpyStatus; readonly timeout?: number }): Promise<SpyMessage[]> {
    const matches = matcher(filter, options.status);
    const found = this.buffer.filter(matches).slice(0, options.count);
    if (found.length >= options.count) return Promise.resolve(found);
    const timeoutMs = options.timeout ?? DEFAULT_TIMEOUT_MS;
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        matches,
        offer: (m) => {
          found.push(m);
          if (found.length < options.count) return false;
          finish();
          resolve(found);
          return true;
        },
        fail: (error) => {
          finish();
          reject(error);
        },
      };
      const timer = setTimeout(() => waiter.fail(new Error(`spy: no ${describe(filter, options.status)} within ${timeoutMs} ms (collected ${found.length}/${options.count})`)), timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
      };
      this.waiters.add(waiter);
    });
  }

  /** Resolves if no match is buffered and none comes within `within` ms (default 200); rejects otherwise. */
  expectNoMessage(filter: SpyFilter, options: { readonly status?: SpyStatus; readonly within?: number } = {}): Promise<void> {
    const matches = matcher(filter, options.status);
    const buffered = this.buffer.find(matches);
    if (buffered) return Promise.reject(new Error(`spy: a ${describe(filter, options.status)} is already there (message ${buffered.messageId})`));
    const within = options.within ?? 200;
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        matches,
        offer: (m) => {
          waiter.fail(new Error(`spy: a ${describe(filter, options.status)} arrived during the wait (message ${m.messageId})`));
          return true;
        },
        fail: (error) => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          reject(error);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        resolve();
      }, within);
      this.waiters.add(waiter);
    });
  }

  /** Every buffered message, oldest first. */
  getAllMessages(): SpyMessage[] {
    return [...this.buffer];
  }

  /** Empties the buffer and rejects every pending wait (a test's cleanup between cases). */
  clear(): void {
    this.buffer = [];
    for (const w of [...this.waiters]) w.fail(new Error('spy: cleared while waiting'));
  }

  private record(m: SpyMessage): void {
    this.buffer.push(m);
    if (this.buffer.length > this.bufferSize) this.buffer.splice(0, this.buffer.length - this.bufferSize);
    for (const w of [...this.waiters]) if (w.matches(m)) w.offer(m);
  }

  private sqsSent(queue: QueueRecord, message: NewMessage, stored: EnqueueResult): void {
    const m = sqsEvent('published', queue, stored.messageId, message, message.sentAt);
    this.published.set(`${queue.id} ${stored.seq}`, m);
    if (this.published.size > MAX_TRACKED) this.published.delete(this.published.keys().next().value!);
    this.record(m);
  }

  private sqsDeleted(queue: QueueRecord, receipts: readonly ReceiptRef[], outcomes: readonly ReceiptOutcome[]): void {
    for (let i = 0; i < receipts.length; i++) {
      if (outcomes[i] !== 'ok') continue; // stale or already gone: nothing was deleted
      const key = `${queue.id} ${receipts[i]!.seq}`;
      const sent = this.published.get(key);
      if (sent === undefined) continue;
      this.published.delete(key);
      this.record({ ...sent, status: 'consumed', timestamp: Date.now() });
    }
  }

  private sqsDeadLettered(queue: QueueRecord, messages: readonly StoredMessage[]): void {
    const now = Date.now();
    for (const m of messages) this.record(sqsEvent('dlq', queue, m.messageId, m, now));
  }

  private kinesisPut(stream: StreamInfo, record: PreparedRecord, stored: PutResult): void {
    const sequenceNumber = recordSequenceNumber(record.shard, stored.seq, stored.arrivalMs);
    const data = new Uint8Array(record.data); // a copy: the request's buffer is not the spy's to keep
    this.record({
      service: 'kinesis',
      status: 'put',
      accountId: stream.accountId,
      region: stream.region,
      streamName: stream.name,
      shardId: shardIdOf(record.shard.index),
      sequenceNumber,
      messageId: sequenceNumber,
      partitionKey: record.partitionKey,
      data,
      body: Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8'),
      timestamp: stored.arrivalMs,
    });
  }

  private snsPublished(p: Publication): void {
    const attributes: Record<string, SpyAttribute> = {};
    for (const [name, a] of Object.entries(p.attributes ?? {})) {
      attributes[name] = a.Type.startsWith('Binary') ? { DataType: a.Type, BinaryValue: Buffer.from(a.Value, 'base64') } : { DataType: a.Type, StringValue: a.Value };
    }
    this.record({
      service: 'sns',
      status: 'published',
      topicArn: p.topicArn,
      topicName: p.topicArn.slice(p.topicArn.lastIndexOf(':') + 1),
      messageId: p.messageId,
      ...(p.subject === undefined ? {} : { subject: p.subject }),
      body: p.message,
      messageAttributes: attributes,
      ...(p.groupId === undefined ? {} : { messageGroupId: p.groupId }),
      timestamp: p.timestamp,
    });
  }
}

function matcher(filter: SpyFilter, status: SpyStatus | undefined): (m: SpyMessage) => boolean {
  const fits =
    typeof filter === 'function'
      ? filter
      : (m: SpyMessage) => Object.entries(filter).every(([k, v]) => v === undefined || isDeepStrictEqual((m as unknown as Record<string, unknown>)[k], v));
  return status === undefined ? fits : (m) => m.status === status && fits(m);
}

function describe(filter: SpyFilter, status: SpyStatus | undefined): string {
  const what = typeof filter === 'function' ? 'message matching the predicate' : `message like ${JSON.stringify(filter)}`;
  return status === undefined ? what : `${status} ${what}`;
}

/** An SQS event of `queue` about a message (as sent, or as stored). */
function sqsEvent(status: SqsSpyMessage['status'], queue: QueueRecord, messageId: string, message: NewMessage, timestamp: number): SqsSpyMessage {
  return {
    service: 'sqs',
    status,
    accountId: queue.accountId,
    queueName: queue.name,
    messageId,
    body: message.body,
    messageAttributes: message.messageAttributes === null ? {} : deserializeAttributes(message.messageAttributes),
    ...(message.groupId === null ? {} : { messageGroupId: message.groupId }),
    timestamp,
  };
}
