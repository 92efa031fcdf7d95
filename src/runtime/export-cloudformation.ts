import type { AttributeValue, QueueSpec, ResourceSpec, StreamSpec, SubscriptionSpec, TopicSpec } from './resources-spec.js';
import type { TriggerSpec } from './resources-spec-triggers.js';
import type { StreamTriggerSpec } from './resources-spec-stream-triggers.js';
import { asBoolean, asJson, asNumber, asString, cloudFormationId, endpointTail, ExportIndex, FEEDBACK, functionName, isFifoName, isLocalEndpoint, mappingSettings, mapStrings, triggerNote, resourceTarget, UniqueIds, type ResourceKind, type Target } from './export-iac.js';

/**
 * An export (the resource file resources-export.ts writes) as a CloudFormation template (JSON):
 * AWS::SQS::Queue (+ AWS::SQS::QueuePolicy), AWS::SNS::Topic (+ AWS::SNS::TopicPolicy),
 * AWS::SNS::Subscription, AWS::Kinesis::Stream, AWS::Kinesis::StreamConsumer and, for a queue's
 * Lambda triggers, AWS::Lambda::EventSourceMapping, with logical ids
 * made from the AWS names. A dead-letter queue, a subscribed queue, a subscription's topic and a
 * consumer's stream of the export are Ref / Fn::GetAtt, so CloudFormation creates them first. ARNs
 * of the export's account inside policies are rebuilt with Fn::Sub from the stack's account and
 * region (no dependency: two queues whose redrive allow policies name each other would otherwise
 * be a circular dependency). JSON has no comments: what a property cannot express is said in the
 * resource's Metadata.Switchyard.
 */
export function renderCloudFormation(spec: ResourceSpec): string {
  return `${JSON.stringify(new TemplateWriter(spec).render(), null, 2)}\n`;
}

type Kind = 'integer' | 'boolean' | 'string' | 'json';

/** SQS attribute → AWS::SQS::Queue property. Policy: an AWS::SQS::QueuePolicy; FifoQueue: from the name. */
const QUEUE_PROPERTIES: Readonly<Record<string, Kind>> = {
  ContentBasedDeduplication: 'boolean',
  DeduplicationScope: 'string',
  DelaySeconds: 'integer',
  FifoThroughputLimit: 'string',
  KmsDataKeyReusePeriodSeconds: 'integer',
  KmsMasterKeyId: 'string',
  MaximumMessageSize: 'integer',
  MessageRetentionPeriod: 'integer',
  ReceiveMessageWaitTimeSeconds: 'integer',
  RedriveAllowPolicy: 'json',
  RedrivePolicy: 'json',
  SqsManagedSseEnabled: 'boolean',
  VisibilityTimeout: 'integer',
};

/** SNS topic attribute → AWS::SNS::Topic property. Policy: an AWS::SNS::TopicPolicy; feedback: DeliveryStatusLogging. */
const TOPIC_PROPERTIES: Readonly<Record<string, Kind>> = {
  ArchivePolicy: 'json',
  ContentBasedDeduplication: 'boolean',
  DisplayName: 'string',
  FifoThroughputScope: 'string',
  KmsMasterKeyId: 'string',
  // A string in the template ("2"), though GetTopicAttributes' value is a number.
  SignatureVersion: 'string',
  TracingConfig: 'string',
};

/** Subscription attributes without a field of their own in the file → AWS::SNS::Subscription property. */
const SUBSCRIPTION_PROPERTIES: Readonly<Record<string, Kind>> = {
  DeliveryPolicy: 'json',
  RedrivePolicy: 'json',
  ReplayPolicy: 'json',
  SubscriptionRoleArn: 'string',
};

/** The Protocol of a DeliveryStatusLogging entry, by the attribute's prefix. */
const FEEDBACK_PROTOCOL: Readonly<Record<string, string>> = { Application: 'application', HTTP: 'http/s', Lambda: 'lambda', SQS: 'sqs', Firehose: 'firehose' };

interface Resource {
  Type: string;
  Properties: Record<string, unknown>;
  Metadata?: { Switchyard: { notes: string[] } };
}

class TemplateWriter {
  private readonly index: ExportIndex;
  private readonly ids = new Map<string, string>();
  private readonly unique = new UniqueIds((id) => id, '');
  private readonly resources: Record<string, Resource> = {};

  constructor(private readonly spec: ResourceSpec) {
    this.index = new ExportIndex(spec);
    for (const q of spec.queues ?? []) this.ids.set(`queue ${q.name}`, this.unique.take(cloudFormationId(q.name, 'Queue')));
    for (const t of spec.topics ?? []) this.ids.set(`topic ${t.name}`, this.unique.take(cloudFormationId(t.name, 'Topic')));
    for (const s of spec.streams ?? []) this.ids.set(`stream ${s.name}`, this.unique.take(cloudFormationId(s.name, 'Stream')));
  }

  render(): object {
    for (const q of this.spec.queues ?? []) this.queue(q);
    for (const t of this.spec.topics ?? []) {
      this.topic(t);
      for (const s of t.subscriptions ?? []) this.subscription(t, s);
    }
    for (const s of this.spec.streams ?? []) {
      this.stream(s);
      for (const t of s.triggers ?? []) this.trigger('stream', s.name, t);
      for (const c of s.consumers ?? []) {
        this.add(cloudFormationId(s.name, c, 'Consumer'), 'AWS::Kinesis::StreamConsumer', { ConsumerName: c, StreamARN: this.arn('stream', s.name) }, []);
      }
    }
    return {
      AWSTemplateFormatVersion: '2010-09-09',
      Description:
        "Written by switchyard export --format cloudformation: a Switchyard server's queues, topics (with their subscriptions) and streams (with their consumers). " +
        "Only what differs from AWS's defaults is set. Not exported: messages and records, a topic's data protection policy, SMS and mobile-push settings, " +
        'Kinesis resource policies, encryption and monitoring settings. An SQS subscription on AWS also needs a queue policy that lets the topic send.',
      Resources: this.resources,
    };
  }

  private queue(q: QueueSpec): void {
    const id = this.ids.get(`queue ${q.name}`)!;
    const props: Record<string, unknown> = { QueueName: q.name };
    if (isFifoName(q.name)) props.FifoQueue = true;
    const notes: string[] = [];
    const { Policy, FifoQueue: _implied, ...rest } = q.attributes ?? {};
    this.attributes(rest, QUEUE_PROPERTIES, props, notes);
    if (q.deadLetter) props.RedrivePolicy = { deadLetterTargetArn: this.arn('queue', q.deadLetter.queue), maxReceiveCount: q.deadLetter.maxReceiveCount };
    if (q.tags) props.Tags = tagList(q.tags);
    this.add(id, 'AWS::SQS::Queue', props, notes, true);
    // Ref of a queue is its URL, which QueuePolicy's Queues takes.
    if (Policy !== undefined) this.add(`${id}Policy`, 'AWS::SQS::QueuePolicy', { Queues: [{ Ref: id }], PolicyDocument: this.rehome(asJson(Policy)) }, []);
    for (const t of q.triggers ?? []) this.trigger('queue', q.name, t);
  }

  /** A queue's or stream's Lambda trigger: an AWS::Lambda::EventSourceMapping of it (the function must exist in AWS). */
  private trigger(kind: 'queue' | 'stream', source: string, t: TriggerSpec | StreamTriggerSpec): void {
    const props: Record<string, unknown> = { EventSourceArn: this.arn(kind, source), FunctionName: this.rehomeArn(t.function) };
    for (const [k, v] of mappingSettings(t)) {
      if (k === 'MaximumConcurrency') props.ScalingConfig = { MaximumConcurrency: v };
      else if (k === 'DestinationConfig') props.DestinationConfig = { OnFailure: { Destination: this.arnOf((v as { OnFailure: { Destination: string } }).OnFailure.Destination) } };
      else props[k] = v;
    }
    this.add(cloudFormationId(source, functionName(t.function), 'Trigger'), 'AWS::Lambda::EventSourceMapping', props, [triggerNote(kind)]);
  }

  private topic(t: TopicSpec): void {
    const id = this.ids.get(`topic ${t.name}`)!;
    const props: Record<string, unknown> = { TopicName: t.name };
    if (isFifoName(t.name)) props.FifoTopic = true;
    const notes: string[] = [];
    const logging = new Map<string, Record<string, unknown>>();
    const rest: Record<string, AttributeValue> = {};
    const { Policy, FifoTopic: _implied, ...attributes } = t.attributes ?? {};
    for (const [k, v] of Object.entries(attributes)) {
      const m = FEEDBACK.exec(k);
      if (!m) {
        rest[k] = v;
        continue;
      }
      const protocol = FEEDBACK_PROTOCOL[m[1]!]!;
      logging.set(protocol, { ...(logging.get(protocol) ?? { Protocol: protocol }), [m[2]!]: this.rehomeArn(asString(v)) });
    }
    if (rest.DeliveryPolicy !== undefined) {
      notes.push(`DeliveryPolicy is not expressed (AWS::SNS::Topic has no property for it; set it on the topic after the stack is created): ${asString(rest.DeliveryPolicy)}`);
      delete rest.DeliveryPolicy;
    }
    this.attributes(rest, TOPIC_PROPERTIES, props, notes);
    if (logging.size > 0) props.DeliveryStatusLogging = [...logging.values()];
    if (t.tags) props.Tags = tagList(t.tags);
    this.add(id, 'AWS::SNS::Topic', props, notes, true);
    if (Policy !== undefined) this.add(`${id}Policy`, 'AWS::SNS::TopicPolicy', { Topics: [{ Ref: id }], PolicyDocument: this.rehome(asJson(Policy)) }, []);
  }

  private subscription(t: TopicSpec, s: SubscriptionSpec): void {
    const protocol = s.protocol ?? 'sqs';
    // Ref of a topic is its ARN.
    const props: Record<string, unknown> = { TopicArn: this.arn('topic', t.name), Protocol: protocol, Endpoint: s.queue !== undefined ? this.arn('queue', s.queue) : s.endpoint };
    const notes: string[] = [];
    if (s.rawMessageDelivery) props.RawMessageDelivery = true;
    if (s.filterPolicy) props.FilterPolicy = s.filterPolicy;
    if (s.filterPolicyScope) props.FilterPolicyScope = s.filterPolicyScope;
    if (s.deadLetter) props.RedrivePolicy = { deadLetterTargetArn: this.arn('queue', s.deadLetter.queue) };
    this.attributes(s.attributes, SUBSCRIPTION_PROPERTIES, props, notes);
    if (['http', 'https', 'email', 'email-json'].includes(protocol)) {
      notes.push('AWS sends this endpoint a confirmation request: the subscription stays pending until it is confirmed. On Switchyard it may still be pending.');
    }
    if ((protocol === 'http' || protocol === 'https') && isLocalEndpoint(s.endpoint ?? '')) notes.push('This endpoint is on the machine or network Switchyard ran on; AWS cannot reach it.');
    this.add(cloudFormationId(t.name, protocol, s.queue ?? endpointTail(s.endpoint ?? ''), 'Subscription'), 'AWS::SNS::Subscription', props, notes);
  }

  private stream(s: StreamSpec): void {
    const mode = s.mode ?? (s.shards !== undefined ? 'PROVISIONED' : 'ON_DEMAND');
    const props: Record<string, unknown> = { Name: s.name };
    const notes: string[] = [];
    if (mode === 'PROVISIONED') {
      props.ShardCount = s.shards ?? 1;
      if (s.shards === undefined) notes.push('The shard count was unknown (the stream was still CREATING): 1 is assumed.');
    }
    if (s.retentionHours !== undefined) props.RetentionPeriodHours = s.retentionHours;
    props.StreamModeDetails = { StreamMode: mode };
    if (s.tags) props.Tags = tagList(s.tags);
    this.add(this.ids.get(`stream ${s.name}`)!, 'AWS::Kinesis::Stream', props, notes, true);
  }

  private add(id: string, type: string, props: Record<string, unknown>, notes: string[], reserved = false): void {
    const logicalId = reserved ? id : this.unique.take(id);
    this.resources[logicalId] = { Type: type, Properties: props, ...(notes.length > 0 ? { Metadata: { Switchyard: { notes } } } : {}) };
  }

  /** Attributes with a property in `table` are set; others are named in the notes. */
  private attributes(attributes: Readonly<Record<string, AttributeValue>> | undefined, table: Readonly<Record<string, Kind>>, props: Record<string, unknown>, notes: string[]): void {
    for (const [k, v] of Object.entries(attributes ?? {})) {
      const kind = table[k];
      if (kind === undefined) notes.push(`${k} is not expressed (no property for it): ${asString(v)}`);
      else props[k] = kind === 'integer' ? asNumber(v) : kind === 'boolean' ? asBoolean(v) : kind === 'string' ? this.rehomeArn(asString(v)) : this.rehome(asJson(v));
    }
  }

  /** A value (a policy, a role ARN) with the exported account's ARNs rebuilt for the stack's account and region. */
  private rehome(v: unknown): unknown {
    return mapStrings(v, (s) => {
      const target = this.index.target(s);
      return target === undefined ? undefined : constructed(target);
    });
  }

  /** A string attribute: rebuilt when it is an ARN in the exported account (a role), as it is otherwise. */
  private rehomeArn(s: string): unknown {
    return s.startsWith('arn:') ? this.rehome(s) : s;
  }

  /** An ARN given as such: Ref / Fn::GetAtt when it names a queue or topic the template declares, else rebuilt as rehomeArn does. */
  private arnOf(s: string): unknown {
    const declared = this.index.declared(s);
    return declared ? this.arn(declared.kind, declared.name) : this.rehomeArn(s);
  }

  /** Ref / Fn::GetAtt of a resource the template declares, else its ARN rebuilt with Fn::Sub. */
  private arn(kind: ResourceKind, name: string): unknown {
    const id = this.ids.get(`${kind} ${name}`);
    if (id === undefined) return constructed(resourceTarget(kind, name));
    return kind === 'topic' ? { Ref: id } : { 'Fn::GetAtt': [id, 'Arn'] };
  }
}

function constructed(target: Target): unknown {
  if (target.kind === 'account') return { Ref: 'AWS::AccountId' };
  // Fn::Sub reads ${…} as a variable: a literal one is written ${!…}.
  const resource = target.resource.replace(/\$\{/g, '${!');
  return { 'Fn::Sub': `arn:\${AWS::Partition}:${target.service}:${target.region ?? '${AWS::Region}'}:\${AWS::AccountId}:${resource}` };
}

function tagList(tags: Readonly<Record<string, string>>): { Key: string; Value: string }[] {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}
