import type pg from 'pg';
import type { DocumentAddress, DocumentRecord, NewDocument, NewRecordedDelivery, RecordedDelivery, RecordedFilter, SnsRecordsStore } from '../../services/sns/records-store.js';

/**
 * Recorded deliveries and SNS documents on PostgreSQL (schema: migrations/0006-sns-recorded.ts).
 * Each call is one statement; deleting a document and its children is one CTE.
 */

type Run = <R extends pg.QueryResultRow>(name: string, text: string, values: unknown[]) => Promise<pg.QueryResult<R>>;

const RECORDED = `id::float8 AS "id", delivery_key AS "deliveryKey", protocol, endpoint, message_id AS "messageId",
  subscription_arn AS "subscriptionArn", topic_arn AS "topicArn", payload, recorded_at::float8 AS "recordedAt"`;
const DOC = 'id::float8 AS "id", kind, account_id AS "accountId", region, key, parent, data, created_at::float8 AS "createdAt"';

const RECORD = `INSERT INTO sns_recorded (delivery_key, protocol, endpoint, message_id, subscription_arn, topic_arn, payload, recorded_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (delivery_key) DO NOTHING`;
const LIST_RECORDED = `SELECT ${RECORDED} FROM sns_recorded
  WHERE ($1::text IS NULL OR protocol = $1) AND ($2::text IS NULL OR endpoint = $2) AND id > $3 ORDER BY id LIMIT $4`;
const CREATE_DOC = `WITH ins AS (
    INSERT INTO sns_documents (kind, account_id, region, key, parent, data, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
    ON CONFLICT (kind, account_id, region, key) DO NOTHING RETURNING ${DOC})
  SELECT *, true AS created FROM ins
  UNION ALL SELECT ${DOC}, false AS created FROM sns_documents WHERE kind = $1 AND account_id = $2 AND region = $3 AND key = $4 AND NOT EXISTS (SELECT 1 FROM ins)`;
const GET_DOC = `SELECT ${DOC} FROM sns_documents WHERE kind = $1 AND account_id = $2 AND region = $3 AND key = $4`;
const UPDATE_DOC = 'UPDATE sns_documents SET data = $5 WHERE kind = $1 AND account_id = $2 AND region = $3 AND key = $4';
const DELETE_DOC = `WITH gone AS (DELETE FROM sns_documents WHERE kind = $1 AND account_id = $2 AND region = $3 AND key = $4 RETURNING key),
  children AS (DELETE FROM sns_documents WHERE account_id = $2 AND region = $3 AND parent = $4 AND EXISTS (SELECT 1 FROM gone))
  SELECT count(*)::int AS n FROM gone`;
const LIST_DOCS = `SELECT ${DOC} FROM sns_documents WHERE kind = $1 AND account_id = $2 AND region = $3
  AND ($4::text IS NULL OR parent = $4) AND id > $5 ORDER BY id LIMIT $6`;

const TRIM_RECORDED = 'DELETE FROM sns_recorded WHERE id <= (SELECT max(id) FROM sns_recorded) - $1::bigint';

export class PostgresSnsRecords implements SnsRecordsStore {
  constructor(private readonly run: Run) {}

  async recordDelivery(r: NewRecordedDelivery): Promise<void> {
    await this.run('sns_record', RECORD, [r.deliveryKey, r.protocol, r.endpoint, r.messageId, r.subscriptionArn, r.topicArn, r.payload, r.recordedAt]);
  }

  async listRecorded(f: RecordedFilter): Promise<RecordedDelivery[]> {
    return (await this.run<RecordedDelivery>('sns_list_recorded', LIST_RECORDED, [f.protocol ?? null, f.endpoint ?? null, f.afterId ?? 0, f.limit])).rows;
  }

  async trimRecorded(keep: number): Promise<number> {
    return (await this.run('sns_trim_recorded', TRIM_RECORDED, [keep])).rowCount ?? 0;
  }

  async createDocument(d: NewDocument): Promise<{ created: boolean; document: DocumentRecord }> {
    for (;;) {
      const r = await this.run<DocumentRecord & { created: boolean }>('sns_create_doc', CREATE_DOC, [d.kind, d.accountId, d.region, d.key, d.parent, d.data, d.createdAt]);
      const row = r.rows[0];
      if (row) {
        const { created, ...document } = row;
        return { created, document };
      }
      // deleted between the insert's conflict and the read: try again
    }
  }

  async getDocument(a: DocumentAddress): Promise<DocumentRecord | undefined> {
    return (await this.run<DocumentRecord>('sns_get_doc', GET_DOC, [a.kind, a.accountId, a.region, a.key])).rows[0];
  }

  async updateDocument(a: DocumentAddress, data: string): Promise<boolean> {
    return ((await this.run('sns_update_doc', UPDATE_DOC, [a.kind, a.accountId, a.region, a.key, data])).rowCount ?? 0) === 1;
  }

  async deleteDocument(a: DocumentAddress): Promise<boolean> {
    return (await this.run<{ n: number }>('sns_delete_doc', DELETE_DOC, [a.kind, a.accountId, a.region, a.key])).rows[0]!.n === 1;
  }

  async listDocuments(kind: string, accountId: string, region: string, parent: string | null, afterId: number, limit: number): Promise<DocumentRecord[]> {
    return (await this.run<DocumentRecord>('sns_list_docs', LIST_DOCS, [kind, accountId, region, parent, afterId, limit])).rows;
  }
}
