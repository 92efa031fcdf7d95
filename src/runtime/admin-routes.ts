import type { WireHandler, WireRequest, WireResponse } from '../protocol/wire.js';
import type { RequestAuditor } from '../protocol/index.js';
import { isServiceError } from '../services/shared/errors.js';
import type { KinesisService } from '../services/kinesis/index.js';
import type { SnsService } from '../services/sns/index.js';
import type { SqsService } from '../services/sqs/index.js';
import type { Log } from './logger.js';
import { DEFAULTS } from './config.js';
import { createConsole, isConsolePath, type ConsoleHandler, type ConsoleSettings } from '../console/index.js';
import { exportResources, formatResources, resourceContext, type ResourceServices, type TriggerSpec } from './resources.js';
import type { StreamTriggerSpec } from './resources-spec-stream-triggers.js';
import { basicAuthKey, rootsOnly } from './credentials-basic.js';
import type { AccessKey, AccessKeys } from './credentials.js';
import { DispatchContext } from '../protocol/dispatch-context.js';
import { attributeIdentity } from '../protocol/sigv4-verify.js';
import { authorizationRequest, decide, parsePolicy, refusalMessage } from '../services/shared/policy/index.js';
import { isQueueName, parseQueueUrl, queueArn } from '../services/sqs/domain/queue-url.js';
import { sqsErrors } from '../services/sqs/errors.js';

/**
 * Non-AWS routes served on the AWS port, in front of the protocol handler (they are no AWS
 * operation, so they stay out of protocol/):
 *
 *   GET <any prefix>/SimpleNotificationService-<32 hex>.pem   the SNS signing certificate named by
 *       SigningCertURL (a cert base URL with a path, or a TLS proxy in front, still resolves);
 *   GET /_switchyard/sns/recorded?protocol=…&endpoint=…&after=…&limit=…   what SNS "sent" to
 *       email, email-json, SMS and mobile-push endpoints, oldest first (services/sns/delivery/recorder.ts):
 *       {"recorded":[{id, protocol, endpoint, messageId, subscriptionArn, topicArn, recordedAt, payload}]};
 *   GET /_switchyard/sqs/messages?QueueUrl=…&after=…&limit=…   a queue's messages without receiving
 *       them (services/sqs/peek.ts), in queue order:
 *       {"messages":[{seq, state, visibleAt, message: {MessageId, Body, MD5OfBody, Attributes, …}}], "next": seq|null};
 *       `next` is the `after` of the following page, null on the last one;
 *   GET /_switchyard/resources   the default account's queues, topics with their subscriptions and
 *       streams in the region, as a resource file (runtime/resources.ts) that `--resources` applies;
 *   /_switchyard/console[/…]   the web console and its admin API (src/console/), any method: it
 *       acts as `consoleSettings.accountId` in its region (the server's defaults).
 *
 * Everything else goes to the protocol handler unchanged. `consoleSettings` are the account and
 * region the console and the resource export act as: the server's `--account-id` and `--region`
 * (their defaults if not given); `console: false` (`--console false`) serves no console.
 *
 * With `accessKeys` (`--credentials`), all of these but the certificate (which SNS subscribers
 * fetch unauthenticated, as from AWS) need HTTP Basic auth with a key (credentials-basic.ts), and
 * then act as that key's account: the console and the export show its resources, the peek only its
 * queues, the recorded deliveries only its topics'.
 *
 * An IAM user's key (the credentials file's `user`) is that user here too. AWS has no such routes,
 * so the rule is Switchyard's, the safe one (FOR_IAM_USERS): what reads or changes a resource
 * through an AWS operation is decided by the policies that decide that operation; what reads a whole
 * account (the export, every topic's recorded deliveries) or the whole server (the backup,
 * credentials-basic.ts) is for account root keys only. Applied whether or not --enforce-policies
 * is on: these routes have no AWS behaviour to stay compatible with, and the backup's rule cannot
 * see the switch. (The console's API calls are AWS operations: their gates, only with
 * --enforce-policies, decide them.) Account roots, and files without users or roles, are as before.
 *
 * `audit` (--audit-log) is handed to the console's protocol handler: the console's calls that
 * change something go to the audit log as that service's events (runtime/audit-record.ts).
 */
export const RECORDED_PATH = '/_switchyard/sns/recorded';
export const PEEK_PATH = '/_switchyard/sqs/messages';
export const RESOURCES_PATH = '/_switchyard/resources';
const CERT_PATH = /\/SimpleNotificationService-([0-9a-f]{32})\.pem$/;

export function withAdminRoutes(
  handler: WireHandler,
  services: { readonly sns: SnsService; readonly sqs: SqsService; readonly kinesis?: KinesisService; readonly triggers?: { of(queueArn: string): readonly TriggerSpec[] | undefined; ofStream?(streamArn: string): readonly StreamTriggerSpec[] | undefined } },
  log: Log = () => {},
  consoleSettings: ConsoleSettings & { readonly console?: boolean; readonly accessKeys?: AccessKeys; readonly audit?: RequestAuditor } = { accountId: DEFAULTS.accountId, region: DEFAULTS.region },
): WireHandler {
  // `console: false` (--console false): its paths go on to the protocol handler, as any unknown path.
  const consoleOn = consoleSettings.console !== false;
  const { sqs, sns, kinesis } = services;
  const { accessKeys, console: _, audit, ...settings } = consoleSettings;
  // One console per account, each made on its first request: a server nobody opens the console on
  // builds nothing for it.
  const consoles = new Map<string, ConsoleHandler>();
  const consoleFor = (accountId: string): ConsoleHandler => {
    let c = consoles.get(accountId);
    if (c === undefined) {
      c = createConsole(kinesis === undefined ? { sqs, sns } : { sqs, sns, kinesis }, { ...settings, accountId }, log, audit);
      consoles.set(accountId, c);
    }
    return c;
  };
  return async (req) => {
    const toConsole = consoleOn && isConsolePath(req.path);
    const read = req.method === 'GET' || req.method === 'HEAD';
    const cert = read ? CERT_PATH.exec(req.path) : null;
    const exported = read && req.path === RESOURCES_PATH && kinesis !== undefined;
    const admin = exported || (read && (req.path === RECORDED_PATH || req.path === PEEK_PATH));
    if (!toConsole && !cert && !admin) return handler(req);
    let key: AccessKey | undefined;
    if (accessKeys !== undefined && !cert) {
      const who = basicAuthKey(req, accessKeys);
      if (!('accountId' in who)) return who;
      key = who;
    }
    const accountId = key?.accountId;
    if (toConsole) return consoleFor(accountId ?? settings.accountId)(req, key?.iam);
    try {
      // An IAM user, whom FOR_IAM_USERS rules; undefined for an account root.
      const user = key?.iam?.user;
      if (user && FOR_IAM_USERS[req.path] === 'roots only') return rootsOnly(user.arn, req.path);
      if (cert) return await certificate(services.sns, cert[1]!);
      if (exported) return await resources({ sqs, sns, kinesis }, { ...settings, accountId: accountId ?? settings.accountId }, req, services.triggers?.of, services.triggers?.ofStream);
      return await (req.path === PEEK_PATH ? peek(services.sqs, req, settings.region, accountId, user && key) : recorded(services.sns, req, accountId));
    } catch (error) {
      log('error', 'admin route failed', { requestId: req.requestId, path: req.path, error: String(error) });
      return json(500, { error: 'internal error' });
    }
  };
}

/**
 * What an IAM user's key may do on these routes. AWS has none of them, so
 * each is mapped to the AWS action that reads the same data, or kept for account root keys:
 *
 *   /_switchyard/console, its page and files    any key (they hold no data)
 *   /_switchyard/console/api/<svc>/<Op>         <svc>:<Op>, decided by the service's policy gates as
 *                                               the key's signed request would be (console/api.ts)
 *   GET /_switchyard/sqs/messages?QueueUrl=…    sqs:ReceiveMessage on the queue (it shows the
 *                                               messages a receive would), identity and queue policy
 *   GET /_switchyard/sns/recorded               account roots only (every topic's deliveries at once,
 *                                               endpoints and payloads: no one action covers them)
 *   GET /_switchyard/resources                  account roots only (the whole account's configuration)
 *   POST /_switchyard/backup                    account roots only, of --account-id (backup.ts, by
 *                                               credentials-basic.ts's basicAuthAccount, always)
 *
 * The certificate, /metrics and /_switchyard/health ask for no key at all, as before.
 */
const FOR_IAM_USERS: Readonly<Record<string, 'sqs:ReceiveMessage' | 'roots only'>> = {
  [PEEK_PATH]: 'sqs:ReceiveMessage',
  [RECORDED_PATH]: 'roots only',
  [RESOURCES_PATH]: 'roots only',
};

/**
 * The peek for an IAM user's key: sqs:ReceiveMessage on the queue, decided as SQS's gate decides a
 * ReceiveMessage (sqs/policy-gate.ts): the user's policies and the queue's `Policy`, with the
 * request's condition keys (aws:SourceIp, aws:SecureTransport …); a missing queue by its ARN alone.
 * Refused with SQS's AccessDenied in its words (it spells the action in lower case).
 */
async function authorizePeek(sqs: SqsService, req: WireRequest, queueUrl: string, region: string, key: AccessKey): Promise<void> {
  const { accountId, name } = parseQueueUrl(queueUrl);
  const queue = isQueueName(name) ? await sqs.deps.store.getQueue(accountId, name) : undefined;
  attributeIdentity(req, key.iam!);
  const ctx = new DispatchContext(req, key.accountId, region, key.accessKeyId, '');
  const arn = queueArn(region, accountId, name);
  const request = authorizationRequest(ctx, 'sqs:ReceiveMessage', arn, sqs.deps.clock.now());
  const refusal = decide(parsePolicy(queue?.attributes.Policy), request, accountId);
  if (refusal) throw sqsErrors.accessDenied(refusalMessage(request.principal, 'sqs:receivemessage', arn, refusal));
}

/** The resource file of what the console's account has in its region (`switchyard export`). */
async function resources(services: ResourceServices, settings: ConsoleSettings, req: WireRequest, triggersOf?: (queueArn: string) => readonly TriggerSpec[] | undefined, streamTriggersOf?: (streamArn: string) => readonly StreamTriggerSpec[] | undefined): Promise<WireResponse> {
  const baseUrl = settings.hostname ?? `${req.scheme}://${req.headers.host ?? 'localhost'}`;
  const spec = await exportResources(services, resourceContext({ accountId: settings.accountId, region: settings.region, baseUrl }, req.requestId), triggersOf, streamTriggersOf);
  return { status: 200, headers: { 'content-type': 'application/json', 'cache-control': 'no-store' }, body: formatResources(spec) };
}

async function certificate(sns: SnsService, id: string): Promise<WireResponse> {
  const pem = await sns.certificatePem(id);
  if (pem === undefined) return json(404, { error: 'no such certificate' });
  return { status: 200, headers: { 'content-type': 'application/x-pem-file', 'cache-control': 'max-age=86400' }, body: pem };
}

/** `after` and `limit` of a listing, or the 400 to answer; `what` names what `after` is. */
function paging(q: URLSearchParams, defaultLimit: number, maxLimit: number, what: string): { after: number; limit: number } | WireResponse {
  const limit = Number(q.get('limit') ?? defaultLimit);
  const after = Number(q.get('after') ?? 0);
  if (!Number.isInteger(limit) || limit < 1 || limit > maxLimit) return json(400, { error: `limit must be an integer from 1 to ${maxLimit}` });
  if (!Number.isSafeInteger(after) || after < 0) return json(400, { error: `after must be ${what}` });
  return { after, limit };
}

/** `recorded` and `peek` take `accountId` when the caller signed in (--credentials): they show only its own. */
async function recorded(sns: SnsService, req: WireRequest, accountId?: string): Promise<WireResponse> {
  const q = new URLSearchParams(req.query);
  const page = paging(q, 1000, 10_000, 'a record id');
  if ('status' in page) return page;
  const { after, limit } = page;
  const all = await sns.recorded({ protocol: q.get('protocol') ?? undefined, endpoint: q.get('endpoint') ?? undefined, afterId: after, limit });
  // An ARN's fifth field is its account: arn:aws:sns:<region>:<account>:<topic>. A filtered page
  // may be short; `after` (the last id seen) still pages on.
  const rows = accountId === undefined ? all : all.filter((r) => r.topicArn?.split(':')[4] === accountId);
  return json(200, {
    recorded: rows.map((r) => ({
      id: r.id,
      protocol: r.protocol,
      endpoint: r.endpoint,
      messageId: r.messageId,
      subscriptionArn: r.subscriptionArn,
      topicArn: r.topicArn,
      recordedAt: new Date(r.recordedAt).toISOString(),
      payload: JSON.parse(r.payload) as unknown,
    })),
  });
}

/** `user`: the key of an IAM user whose policies decide (authorizePeek). */
async function peek(sqs: SqsService, req: WireRequest, region: string, accountId?: string, user?: AccessKey): Promise<WireResponse> {
  const q = new URLSearchParams(req.query);
  const page = paging(q, 100, 1000, 'a message seq');
  if ('status' in page) return page;
  const { after, limit } = page;
  const queueUrl = q.get('QueueUrl');
  // Another account's queue is, to this caller, no queue at all (as SQS says without permission to it).
  if (accountId !== undefined && queueUrl !== null && queueAccount(queueUrl) !== accountId) {
    return json(404, { error: 'QueueDoesNotExist', message: 'The specified queue does not exist.' });
  }
  try {
    if (user !== undefined && queueUrl !== null) await authorizePeek(sqs, req, queueUrl, region, user);
    const messages = await sqs.peek(q.get('QueueUrl') ?? undefined, after, limit);
    return json(200, {
      messages: messages.map((m) => ({ ...m, visibleAt: new Date(m.visibleAt).toISOString() })),
      next: messages.length === limit ? messages[messages.length - 1]!.seq : null,
    });
  } catch (error) {
    // No such queue, no QueueUrl, a refusal: SQS's own error, as JSON.
    if (isServiceError(error)) return json(PEEK_STATUS[error.shape] ?? 400, { error: error.shape, message: error.message });
    throw error;
  }
}

const PEEK_STATUS: Readonly<Record<string, number>> = { QueueDoesNotExist: 404, AccessDeniedException: 403 };

/** The account segment of a queue URL (`http://host/<account>/<name>`), or undefined. */
function queueAccount(queueUrl: string): string | undefined {
  try {
    return new URL(queueUrl).pathname.split('/')[1];
  } catch {
    return undefined;
  }
}

function json(status: number, body: unknown): WireResponse {
  return { status, headers: { 'content-type': 'application/json', 'cache-control': 'no-store' }, body: JSON.stringify(body) };
}
