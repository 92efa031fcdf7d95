import type { QueueRecord, StoredMessage } from '../../services/sqs/store.js';

/** Row shapes of the SQS tables as pg returns them (bigint parsed to number by the engine), and their mapping to port records. */

export interface QueueRow {
  id: number;
  account_id: string;
  name: string;
  attributes: Record<string, string>;
  tags: Record<string, string>;
  created_at: number;
  modified_at: number;
}

export interface MessageRow {
  seq: number;
  message_id: string;
  body: string;
  md5_of_body: string;
  message_attributes: string | null;
  md5_of_message_attributes: string | null;
  system_attributes: string | null;
  sender_id: string;
  sent_at: number;
  visible_at: number;
  group_id: string | null;
  dedup_id: string | null;
  receive_count: number;
  first_receive_at: number | null;
  dead_letter_source_arn: string | null;
}

/** The columns of MessageRow, for SELECT and RETURNING lists. */
export const MESSAGE_COLS = `seq, message_id, body, md5_of_body, message_attributes, md5_of_message_attributes,
  system_attributes, sender_id, sent_at, visible_at, group_id, dedup_id, receive_count, first_receive_at, dead_letter_source_arn`;

/** MESSAGE_COLS qualified with a table alias. */
export function messageCols(alias: string): string {
  return MESSAGE_COLS.replace(/(\w+)/g, `${alias}.$1`);
}

export function toQueue(r: QueueRow): QueueRecord {
  return {
    id: r.id,
    accountId: r.account_id,
    name: r.name,
    attributes: r.attributes,
    tags: r.tags,
    createdAt: r.created_at,
    modifiedAt: r.modified_at,
  };
}

export function toMessage(r: MessageRow): StoredMessage {
  return {
    seq: r.seq,
    messageId: r.message_id,
    body: r.body,
    md5OfBody: r.md5_of_body,
    messageAttributes: r.message_attributes,
    md5OfMessageAttributes: r.md5_of_message_attributes,
    systemAttributes: r.system_attributes,
    senderId: r.sender_id,
    sentAt: r.sent_at,
    visibleAt: r.visible_at,
    groupId: r.group_id,
    dedupId: r.dedup_id,
    receiveCount: r.receive_count,
    firstReceiveAt: r.first_receive_at,
    deadLetterSourceArn: r.dead_letter_source_arn,
  };
}
