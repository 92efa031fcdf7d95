/**
 * The part of the SNS store port for what Switchyard records instead of sending, and for the
 * settings of SMS and mobile push (schema: migrations 0006-sns-recorded).
 *
 * Recorded deliveries: what would have gone to an email address, a phone or a device, one row per
 * delivery; `deliveryKey` makes recording idempotent. Documents: small JSON settings named by
 * (kind, account, region, key), optionally under a parent key, listed in creation (id) order.
 */
export interface NewRecordedDelivery {
  /** Unique per would-be delivery (subscription + message, or the direct publish's message). */
  readonly deliveryKey: string;
  readonly protocol: string;
  readonly endpoint: string;
  readonly messageId: string;
  readonly subscriptionArn: string | null;
  readonly topicArn: string | null;
  /** JSON of what would be sent (subject, body, message attributes …). */
  readonly payload: string;
  readonly recordedAt: number;
}

export interface RecordedDelivery extends NewRecordedDelivery {
  readonly id: number;
}

export interface RecordedFilter {
  readonly protocol?: string;
  readonly endpoint?: string;
  /** Rows with id > afterId, oldest first. */
  readonly afterId?: number;
  readonly limit: number;
}

export interface DocumentAddress {
  readonly kind: string;
  readonly accountId: string;
  readonly region: string;
  readonly key: string;
}

export interface NewDocument extends DocumentAddress {
  readonly parent: string | null;
  /** JSON text. */
  readonly data: string;
  readonly createdAt: number;
}

export interface DocumentRecord extends NewDocument {
  readonly id: number;
}

export interface SnsRecordsStore {
  /** Records a would-be delivery; a second call with the same deliveryKey changes nothing. */
  recordDelivery(r: NewRecordedDelivery): Promise<void>;
  listRecorded(filter: RecordedFilter): Promise<RecordedDelivery[]>;
  /** Housekeeping: removes all but the newest `keep` recorded deliveries (by id); returns how many went. */
  trimRecorded(keep: number): Promise<number>;
  /** Creates the document unless its address exists: then returns the existing one, created=false. */
  createDocument(d: NewDocument): Promise<{ created: boolean; document: DocumentRecord }>;
  getDocument(a: DocumentAddress): Promise<DocumentRecord | undefined>;
  /** Replaces the data of an existing document; false when there is none. */
  updateDocument(a: DocumentAddress, data: string): Promise<boolean>;
  /** Deletes it and every document whose parent is its key (an application's endpoints); false when there was none. */
  deleteDocument(a: DocumentAddress): Promise<boolean>;
  /** Documents of a kind (with this parent, when given) with id > afterId, by id, at most `limit`. */
  listDocuments(kind: string, accountId: string, region: string, parent: string | null, afterId: number, limit: number): Promise<DocumentRecord[]>;
}
