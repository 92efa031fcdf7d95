import type { Handler, ServiceDefinition } from '../shared/service.js';
import { NO_SNS_OBSERVER, type SnsObserver } from './delivery/observer.js';
import type { Clock } from '../../runtime/clock.js';
import type { Ids } from '../../runtime/ids.js';
import type { Log } from '../../runtime/logger.js';
import type { SnsDeps, SnsOperation } from './context.js';
import { snsErrors } from './errors.js';
import { snsModel } from './model.js';
import { FilterPolicies } from './domain/filter-policy/index.js';
import { Dispatcher, type DispatcherOptions } from './delivery/dispatcher.js';
import type { ProtocolHandler } from './delivery/job.js';
import { sqsDelivery, sqsStringToSign, type SqsGateway } from './delivery/sqs.js';
import { httpDelivery, type HttpDeliveryOptions } from './delivery/http.js';
import { managedEndpointRetryDelay } from './delivery/retry.js';
import { RECORDED_PROTOCOLS, recorderDelivery } from './delivery/recorder.js';
import { emailDelivery, type EmailDeliveryOptions } from './delivery/email.js';
import { lambdaDelivery, type LambdaDeliveryOptions } from './delivery/lambda.js';
import type { RecordedDelivery, RecordedFilter } from './records-store.js';
import { Signer } from './signer.js';
import { resumeReplays } from './archive.js';
import { TopicGone, type SnsStore } from './store.js';
import { addPermission } from './operations/add-permission.js';
import { confirmSubscription } from './operations/confirm-subscription.js';
import { createTopic } from './operations/create-topic.js';
import { deleteTopic } from './operations/delete-topic.js';
import { getDataProtectionPolicy } from './operations/get-data-protection-policy.js';
import { getSubscriptionAttributes } from './operations/get-subscription-attributes.js';
import { getTopicAttributes } from './operations/get-topic-attributes.js';
import { listSubscriptions } from './operations/list-subscriptions.js';
import { listSubscriptionsByTopic } from './operations/list-subscriptions-by-topic.js';
import { listTagsForResource } from './operations/list-tags-for-resource.js';
import { listTopics } from './operations/list-topics.js';
import { publish } from './operations/publish.js';
import { publishBatch } from './operations/publish-batch.js';
import { putDataProtectionPolicy } from './operations/put-data-protection-policy.js';
import { removePermission } from './operations/remove-permission.js';
import { setSubscriptionAttributes } from './operations/set-subscription-attributes.js';
import { setTopicAttributes } from './operations/set-topic-attributes.js';
import { subscribe } from './operations/subscribe.js';
import { tagResource } from './operations/tag-resource.js';
import { unsubscribe } from './operations/unsubscribe.js';
import { untagResource } from './operations/untag-resource.js';
import { checkIfPhoneNumberIsOptedOut } from './operations/check-if-phone-number-is-opted-out.js';
import { createPlatformApplication } from './operations/create-platform-application.js';
import { createPlatformEndpoint } from './operations/create-platform-endpoint.js';
import { createSMSSandboxPhoneNumber } from './operations/create-sms-sandbox-phone-number.js';
import { deleteEndpoint } from './operations/delete-endpoint.js';
import { deletePlatformApplication } from './operations/delete-platform-application.js';
import { deleteSMSSandboxPhoneNumber } from './operations/delete-sms-sandbox-phone-number.js';
import { getEndpointAttributes } from './operations/get-endpoint-attributes.js';
import { getPlatformApplicationAttributes } from './operations/get-platform-application-attributes.js';
import { getSMSAttributes } from './operations/get-sms-attributes.js';
import { getSMSSandboxAccountStatus } from './operations/get-sms-sandbox-account-status.js';
import { listEndpointsByPlatformApplication } from './operations/list-endpoints-by-platform-application.js';
import { listOriginationNumbers } from './operations/list-origination-numbers.js';
import { listPhoneNumbersOptedOut } from './operations/list-phone-numbers-opted-out.js';
import { listPlatformApplications } from './operations/list-platform-applications.js';
import { listSMSSandboxPhoneNumbers } from './operations/list-sms-sandbox-phone-numbers.js';
import { optInPhoneNumber } from './operations/opt-in-phone-number.js';
import { setEndpointAttributes } from './operations/set-endpoint-attributes.js';
import { setPlatformApplicationAttributes } from './operations/set-platform-application-attributes.js';
import { setSMSAttributes } from './operations/set-sms-attributes.js';
import { verifySMSSandboxPhoneNumber } from './operations/verify-sms-sandbox-phone-number.js';
import { enforceTopicPolicies } from './policy-gate.js';
import { throughputLimiter } from '../shared/rate-shared.js';
import type { SharedRateBuckets } from '../../storage/engine.js';
import { limitSnsThroughput } from './throughput-gate.js';

/**
 * The SNS service: its model, one handler per operation, and the delivery dispatcher. SMS and
 * mobile push send nothing for real: what would be sent is recorded (delivery/recorder.ts); so is
 * email, unless an SMTP server is given (delivery/email.ts), which sends it and records what it sent.
 */
const operations: Record<string, SnsOperation<any, any>> = {
  AddPermission: addPermission,
  ConfirmSubscription: confirmSubscription,
  CreateTopic: createTopic,
  DeleteTopic: deleteTopic,
  GetDataProtectionPolicy: getDataProtectionPolicy,
  GetSubscriptionAttributes: getSubscriptionAttributes,
  GetTopicAttributes: getTopicAttributes,
  ListSubscriptions: listSubscriptions,
  ListSubscriptionsByTopic: listSubscriptionsByTopic,
  ListTagsForResource: listTagsForResource,
  ListTopics: listTopics,
  Publish: publish,
  PublishBatch: publishBatch,
  PutDataProtectionPolicy: putDataProtectionPolicy,
  RemovePermission: removePermission,
  SetSubscriptionAttributes: setSubscriptionAttributes,
  SetTopicAttributes: setTopicAttributes,
  Subscribe: subscribe,
  TagResource: tagResource,
  Unsubscribe: unsubscribe,
  UntagResource: untagResource,
  // SMS and mobile push: settings stored, what would be sent recorded.
  CheckIfPhoneNumberIsOptedOut: checkIfPhoneNumberIsOptedOut,
  CreatePlatformApplication: createPlatformApplication,
  CreatePlatformEndpoint: createPlatformEndpoint,
  CreateSMSSandboxPhoneNumber: createSMSSandboxPhoneNumber,
  DeleteEndpoint: deleteEndpoint,
  DeletePlatformApplication: deletePlatformApplication,
  DeleteSMSSandboxPhoneNumber: deleteSMSSandboxPhoneNumber,
  GetEndpointAttributes: getEndpointAttributes,
  GetPlatformApplicationAttributes: getPlatformApplicationAttributes,
  GetSMSAttributes: getSMSAttributes,
  GetSMSSandboxAccountStatus: getSMSSandboxAccountStatus,
  ListEndpointsByPlatformApplication: listEndpointsByPlatformApplication,
  ListOriginationNumbers: listOriginationNumbers,
  ListPhoneNumbersOptedOut: listPhoneNumbersOptedOut,
  ListPlatformApplications: listPlatformApplications,
  ListSMSSandboxPhoneNumbers: listSMSSandboxPhoneNumbers,
  OptInPhoneNumber: optInPhoneNumber,
  SetEndpointAttributes: setEndpointAttributes,
  SetPlatformApplicationAttributes: setPlatformApplicationAttributes,
  SetSMSAttributes: setSMSAttributes,
  VerifySMSSandboxPhoneNumber: verifySMSSandboxPhoneNumber,
};

/** How long finished deliveries stay visible (deliveriesOf, the console) before housekeeping removes them. */
const FINISHED_RETENTION_MS = 15 * 60_000;
/** Recorded deliveries (email, SMS, push, Lambda, Firehose) kept for GET /_switchyard/sns/recorded: the newest 100,000. */
const RECORDED_KEPT = 100_000;

export interface SnsServiceOptions {
  readonly store: SnsStore;
  /** The SQS service, called in-process to deliver to queues. */
  readonly sqs: SqsGateway;
  readonly clock: Clock;
  readonly ids: Ids;
  readonly log?: Log;
  /** Base of SigningCertURL for a region (default `https://sns.<region>.amazonaws.com`). */
  readonly certBaseUrl?: (region: string) => string;
  readonly dispatcher?: DispatcherOptions;
  readonly http?: HttpDeliveryOptions;
  /** Opt-in: send email and email-json deliveries through this SMTP server (else they are only recorded). */
  readonly email?: EmailDeliveryOptions;
  /** Opt-in: invoke the functions of lambda subscriptions on this Lambda-compatible server (else they are only recorded). */
  readonly lambda?: LambdaDeliveryOptions;
  readonly observer?: SnsObserver;
  /** Opt-in: evaluate topic policies before topic-scoped operations (policy-gate.ts). */
  readonly enforcePolicies?: boolean;
  /** Opt-in: AWS's API throttling quotas (throughput.ts), counted per node in memory, or in `sharedRates` when given (the cluster's). */
  readonly throughputLimits?: boolean;
  readonly sharedRates?: SharedRateBuckets;
}

export interface SnsService extends ServiceDefinition {
  readonly deps: SnsDeps;
  /** Starts delivering (the outbox may hold deliveries from before a restart) and queues replays a crash left pending. */
  start(): void;
  /**
   * Removes finished deliveries, expired FIFO dedup entries, archived messages past their topic's
   * retention and the oldest recorded deliveries, and queues pending replays (a periodic background
   * job); returns how many rows it removed.
   */
  housekeeping(): Promise<number>;
  /** The signing certificate (PEM) whose SigningCertURL id is `id`, if it is this server's. */
  certificatePem(id: string): Promise<string | undefined>;
  /** What was recorded for email, email-json, SMS and mobile-push endpoints (the admin endpoint). */
  recorded(filter: RecordedFilter): Promise<RecordedDelivery[]>;
  close(): Promise<void>;
}

export function createSnsService(options: SnsServiceOptions): SnsService {
  const log = options.log ?? (() => {});
  const certBaseUrl = options.certBaseUrl ?? ((region: string) => `https://sns.${region}.amazonaws.com`);
  const signer = new Signer(options.store, options.clock, certBaseUrl);
  let dispatcher: Dispatcher | undefined;
  const sqs = sqsDelivery(
    options.sqs,
    (p) => signer.sign(sqsStringToSign(p), p.signatureVersion, p.topicArn.split(':')[3] ?? 'us-east-1'),
    () => options.ids.uuid(),
  );
  const deps: SnsDeps = {
    store: options.store,
    clock: options.clock,
    ids: options.ids,
    log,
    filters: new FilterPolicies(),
    signer,
    wake: () => dispatcher?.wake(),
    deliverToQueues: sqs.deliverNow,
    observer: options.observer ?? NO_SNS_OBSERVER,
  };
  const record = recorderDelivery(options.store, () => options.clock.now(), (sts, version, region) => signer.sign(sts, version, region));
  const web = httpDelivery(
    (sts, version, region) => signer.sign(sts, version, region),
    options.clock,
    (...slot) => options.store.throttleSlot(...slot),
    options.http,
  );
  const mail = options.email ? emailDelivery(options.email, options.store, options.clock, (sts, version, region) => signer.sign(sts, version, region), log) : undefined;
  const smtp: Record<string, ProtocolHandler> = mail ? { email: mail.deliver, 'email-json': mail.deliver } : {};
  // Retried on the dispatcher's default schedule, AWS's for managed endpoints (Lambda among them).
  const invoke = options.lambda ? lambdaDelivery(options.lambda, options.store, options.clock, (sts, version, region) => signer.sign(sts, version, region), log) : undefined;
  dispatcher = new Dispatcher(
    deps,
    { sqs: sqs.deliver, http: web.deliver, https: web.deliver, ...Object.fromEntries(RECORDED_PROTOCOLS.map((p) => [p, record])), ...smtp, ...(invoke ? { lambda: invoke.deliver } : {}) },
    // A confirmation the endpoint never took is not a message of the topic: it fails, never dead-letters.
    (job, queueArn) => (job.publication.control ? Promise.resolve({ ok: false, permanent: true, error: 'control messages are not dead-lettered' }) : sqs.deadLetter(job, queueArn)),
    {
      ...options.dispatcher,
      retryDelay: (job, attempts) =>
        job.target.protocol === 'http' || job.target.protocol === 'https'
          ? web.retryDelay(job, attempts)
          : mail && Object.hasOwn(smtp, job.target.protocol)
            ? mail.retryDelay(job, attempts)
            : managedEndpointRetryDelay(attempts),
    },
  );
  let handlers: Record<string, Handler> = {};
  for (const [name, op] of Object.entries(operations)) handlers[name] = (input, ctx) => op(deps, input, ctx).catch(goneTopicAsNotFound);
  if (options.throughputLimits) handlers = limitSnsThroughput(deps, handlers, throughputLimiter(options.clock, options.sharedRates, log));
  return {
    model: snsModel,
    handlers: options.enforcePolicies ? enforceTopicPolicies(deps, handlers) : handlers,
    deps,
    inputErrors: {
      missing: (path) => snsErrors.valueNull(awsPath(path)),
      nullEntry: (path) => snsErrors.valueNull(awsPath(path)), // query forms cannot say null; for completeness
      invalidType: (path) => snsErrors.invalidParameter(path),
      malformed: (detail) => snsErrors.validationError(detail),
      unknownOperation: (name) => snsErrors.invalidAction(name),
    },
    start: () => {
      dispatcher!.start();
      // Subscribe's replays that a crash left Pending (archive.ts); housekeeping tries again later.
      resumeReplays(deps).catch((error: unknown) => log('error', 'sns: resuming pending replays failed', { error: String(error) }));
    },
    housekeeping: () => {
      const now = options.clock.now();
      const purged = [options.store.purge(now - FINISHED_RETENTION_MS, now), options.store.trimRecorded(RECORDED_KEPT)];
      return Promise.all([...purged, resumeReplays(deps)]).then(([a, b]) => a! + b!);
    },
    recorded: (filter) => options.store.listRecorded(filter),
    certificatePem: async (id) => ((await signer.certificateId()) === id ? signer.certificatePem() : undefined),
    close: () => {
      web.close();
      mail?.close();
      invoke?.close();
      return dispatcher!.stop();
    },
  };
}

/** `MessageAttributes.entry.1.Value.DataType` → AWS's `messageAttributes.1.member.dataType` style. */
function awsPath(path: string): string {
  return path
    .split('.')
    .filter((s) => s !== 'entry' && s !== 'Value')
    .map((s) => (s === 'member' ? s : s.charAt(0).toLowerCase() + s.slice(1)))
    .join('.');
}

/**
 * A topic deleted between an operation's lookup and its write (Subscribe or Publish racing
 * DeleteTopic) is answered as a topic that does not exist, as AWS answers a deleted topic: the
 * engines' TopicGone was a plain Error before, answered 500 InternalError.
 */
function goneTopicAsNotFound(error: unknown): never {
  throw error instanceof TopicGone ? snsErrors.topicNotFound() : error;
}
