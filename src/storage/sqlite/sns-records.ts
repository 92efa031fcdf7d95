import type Database from 'better-sqlite3';
import type { DocumentAddress, DocumentRecord, NewDocument, NewRecordedDelivery, RecordedDelivery, RecordedFilter, SnsRecordsStore } from '../../services/sns/records-store.js';
import type { GroupCommit } from './group-commit.js';
import { read } from './read.js';

/** Recorded deliveries and SNS documents on SQLite (schema: migrations/0006-sns-recorded.ts); writes in the group-commit writer. */

const RECORDED = `id, delivery_key AS deliveryKey, protocol, endpoint, message_id AS messageId, subscription_arn AS subscriptionArn,
  topic_arn AS topicArn, payload, recorded_at AS recordedAt`;
const DOC = 'id, kind, account_id AS accountId, region, key, parent, data, created_at AS createdAt';

function prepare(db: Database.Database) {
  const p = (sql: string) => db.prepare(sql);
  return {
    record: p(`INSERT INTO sns_recorded (delivery_key, protocol, endpoint, message_id, subscription_arn, topic_arn, payload, recorded_at)
               VALUES (@deliveryKey, @protocol, @endpoint, @messageId, @subscriptionArn, @topicArn, @payload, @recordedAt)
               ON CONFLICT (delivery_key) DO NOTHING`),
    listRecorded: p(`SELECT ${RECORDED} FROM sns_recorded
                     WHERE (@protocol IS NULL OR protocol = @protocol) AND (@endpoint IS NULL OR endpoint = @endpoint) AND id > @afterId
                     ORDER BY id LIMIT @limit`),
    trimRecorded: p('DELETE FROM sns_recorded WHERE id <= (SELECT max(id) FROM sns_recorded) - ?'),
    insertDoc: p(`INSERT INTO sns_documents (kind, account_id, region, key, parent, data, created_at)
                  VALUES (@kind, @accountId, @region, @key, @parent, @data, @createdAt) ON CONFLICT (kind, account_id, region, key) DO NOTHING`),
    getDoc: p(`SELECT ${DOC} FROM sns_documents WHERE kind = @kind AND account_id = @accountId AND region = @region AND key = @key`),
    updateDoc: p('UPDATE sns_documents SET data = @data WHERE kind = @kind AND account_id = @accountId AND region = @region AND key = @key'),
    deleteDoc: p('DELETE FROM sns_documents WHERE kind = @kind AND account_id = @accountId AND region = @region AND key = @key'),
    deleteChildren: p('DELETE FROM sns_documents WHERE account_id = @accountId AND region = @region AND parent = @key'),
    listDocs: p(`SELECT ${DOC} FROM sns_documents WHERE kind = ? AND account_id = ? AND region = ? AND id > ? ORDER BY id LIMIT ?`),
    listChildren: p(`SELECT ${DOC} FROM sns_documents WHERE kind = ? AND account_id = ? AND region = ? AND parent = ? AND id > ? ORDER BY id LIMIT ?`),
  };
}

export class SqliteSnsRecords implements SnsRecordsStore {
  private readonly s: ReturnType<typeof prepare>;

  constructor(
    db: Database.Database,
    private readonly writer: GroupCommit,
  ) {
    this.s = prepare(db);
  }

  recordDelivery(r: NewRecordedDelivery): Promise<void> {
    return this.writer.submit(() => void this.s.record.run(r));
  }

  listRecorded(f: RecordedFilter): Promise<RecordedDelivery[]> {
    return read(() => this.s.listRecorded.all({ protocol: f.protocol ?? null, endpoint: f.endpoint ?? null, afterId: f.afterId ?? 0, limit: f.limit }) as RecordedDelivery[]);
  }

  trimRecorded(keep: number): Promise<number> {
    return this.writer.submit(() => this.s.trimRecorded.run(keep).changes);
  }

  createDocument(d: NewDocument): Promise<{ created: boolean; document: DocumentRecord }> {
    return this.writer.submit(() => {
      const r = this.s.insertDoc.run(d);
      return { created: r.changes === 1, document: this.s.getDoc.get(address(d)) as DocumentRecord };
    });
  }

  getDocument(a: DocumentAddress): Promise<DocumentRecord | undefined> {
    return read(() => this.s.getDoc.get(address(a)) as DocumentRecord | undefined);
  }

  updateDocument(a: DocumentAddress, data: string): Promise<boolean> {
    return this.writer.submit(() => this.s.updateDoc.run({ ...address(a), data }).changes === 1);
  }

  deleteDocument(a: DocumentAddress): Promise<boolean> {
    return this.writer.submit(() => {
      const gone = this.s.deleteDoc.run(address(a)).changes === 1;
      if (gone) this.s.deleteChildren.run({ accountId: a.accountId, region: a.region, key: a.key });
      return gone;
    });
  }

  listDocuments(kind: string, accountId: string, region: string, parent: string | null, afterId: number, limit: number): Promise<DocumentRecord[]> {
    return read(() => (parent === null ? this.s.listDocs.all(kind, accountId, region, afterId, limit) : this.s.listChildren.all(kind, accountId, region, parent, afterId, limit)) as DocumentRecord[]);
  }
}

const address = (a: DocumentAddress) => ({ kind: a.kind, accountId: a.accountId, region: a.region, key: a.key });
