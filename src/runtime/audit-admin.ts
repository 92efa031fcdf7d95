/**
 * Audit records of Switchyard's own routes on the AWS port, which are no AWS operation: eventSource
 * `switchyard` (no AWS service has that name, so no tool mistakes them for one), eventName one of:
 *
 *   Backup                   POST /_switchyard/backup: a copy of every account's data leaves
 *   ExportResources          GET  /_switchyard/resources: the account's queues, topics, streams
 *   PeekMessages             GET  /_switchyard/sqs/messages: a queue's messages, bodies included
 *   ListRecordedDeliveries   GET  /_switchyard/sns/recorded: what SNS sent to email, SMS, push
 *
 * Backup and ExportResources are management events (read-only: they change nothing, and are
 * recorded because of what they hand out); the two that show message contents are data events,
 * recorded with --audit-log-data-events, as reading messages through the API would be. The
 * console's calls are recorded by its protocol handler instead (audit-record.ts). A refused call
 * (401, 403, 405 …) has the HTTP status's name as its errorCode.
 */
import { STATUS_CODES } from 'node:http';
import type { WireHandler, WireRequest, WireResponse } from '../protocol/index.js';
import { cloudTrailTime, EVENT_VERSION, sourceIp, type AuditRecordSettings, type RecordSink } from './audit-record.js';
import { basicAuthPair } from './credentials-basic.js';
import type { AccessKey, AccessKeys } from './credentials.js';

interface AdminEvent {
  readonly method: string;
  readonly name: string;
  readonly category: 'Management' | 'Data';
}

const ROUTES: ReadonlyMap<string, AdminEvent> = new Map([
  ['/_switchyard/backup', { method: 'POST', name: 'Backup', category: 'Management' }],
  ['/_switchyard/resources', { method: 'GET', name: 'ExportResources', category: 'Management' }],
  ['/_switchyard/sqs/messages', { method: 'GET', name: 'PeekMessages', category: 'Data' }],
  ['/_switchyard/sns/recorded', { method: 'GET', name: 'ListRecordedDeliveries', category: 'Data' }],
]);

export interface AdminAuditSettings extends AuditRecordSettings {
  /** The server's account and region (what these routes act as without --credentials). */
  readonly accountId: string;
  readonly region: string;
  readonly accessKeys?: AccessKeys;
}

/** Records the admin routes' calls, once answered; every other request passes by after one map lookup. */
export function withAdminAudit(handler: WireHandler, settings: AdminAuditSettings, sink: RecordSink): WireHandler {
  return async (req) => {
    const event = ROUTES.get(req.path);
    if (event === undefined || (event.category === 'Data' && !settings.dataEvents)) return handler(req);
    const res = await handler(req);
    sink(JSON.stringify(adminRecord(settings, event, req, res)));
    return res;
  };
}

function adminRecord(settings: AdminAuditSettings, event: AdminEvent, req: WireRequest, res: WireResponse): Record<string, unknown> {
  const refused = res.status >= 400;
  const keyId = settings.accessKeys === undefined ? undefined : basicAuthPair(req)?.accessKeyId;
  const key = keyId === undefined ? undefined : settings.accessKeys?.get(keyId);
  // With --credentials, a 401 named no key it could prove.
  const account = settings.accessKeys === undefined ? settings.accountId : res.status === 401 ? undefined : key?.accountId;
  const query: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(req.query)) query[k.charAt(0).toLowerCase() + k.slice(1)] = v;
  return {
    eventVersion: EVENT_VERSION,
    userIdentity: account === undefined ? { type: 'Unknown' } : adminIdentity(account, key),
    eventTime: cloudTrailTime(settings.now()),
    eventSource: 'switchyard',
    eventName: event.name,
    awsRegion: settings.region,
    sourceIPAddress: sourceIp(req.remoteAddress),
    userAgent: req.headers['user-agent'],
    errorCode: refused ? (STATUS_CODES[res.status] ?? String(res.status)).replace(/[^A-Za-z]/g, '') : undefined,
    errorMessage: refused ? messageOf(res) : undefined,
    requestParameters: Object.keys(query).length === 0 ? null : query,
    responseElements: null,
    requestID: req.requestId,
    eventID: settings.uuid(),
    readOnly: true,
    eventType: 'AwsApiCall',
    managementEvent: event.category === 'Management',
    recipientAccountId: account ?? settings.accountId,
    eventCategory: event.category,
  };
}

/** Who called: the key's account root, or its IAM user (the credentials file's `user`) as CloudTrail writes an IAMUser. */
function adminIdentity(account: string, key: AccessKey | undefined): Record<string, unknown> {
  const user = key?.iam?.user;
  if (user !== undefined) return { type: 'IAMUser', principalId: user.userId, arn: user.arn, accountId: account, accessKeyId: key!.accessKeyId, userName: user.name };
  return { type: 'Root', principalId: account, arn: `arn:aws:iam::${account}:root`, accountId: account, accessKeyId: key?.accessKeyId };
}

/** The `message` of a JSON error body (`{"error": …, "message": …}` or `{"error": {"code", "message"}}`), when there is one. */
function messageOf(res: WireResponse): string | undefined {
  if (typeof res.body !== 'string' && !Buffer.isBuffer(res.body)) return undefined;
  try {
    const body = JSON.parse(String(res.body)) as { message?: unknown; error?: unknown };
    const inner = typeof body.error === 'object' && body.error !== null ? (body.error as { message?: unknown }).message : undefined;
    const message = body.message ?? inner ?? (typeof body.error === 'string' ? body.error : undefined);
    return typeof message === 'string' ? message : undefined;
  } catch {
    return undefined;
  }
}
