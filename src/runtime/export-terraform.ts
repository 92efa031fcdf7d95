import type { AttributeValue, QueueSpec, ResourceSpec, StreamSpec, SubscriptionSpec, TopicSpec } from './resources-spec.js';
import type { TriggerSpec } from './resources-spec-triggers.js';
import type { StreamTriggerSpec } from './resources-spec-stream-triggers.js';
import { asBoolean, asJson, asNumber, asString, endpointTail, ExportIndex, FEEDBACK, functionName, isFifoName, isLocalEndpoint, mappingSettings, mapStrings, triggerNote, resourceTarget, terraformName, UniqueIds, type ResourceKind, type Target } from './export-iac.js';

/**
 * An export (the resource file resources-export.ts writes) as Terraform for the hashicorp/aws
 * provider: aws_sqs_queue, aws_sns_topic, aws_sns_topic_subscription, aws_kinesis_stream,
 * aws_kinesis_stream_consumer and, for a queue's Lambda triggers, aws_lambda_event_source_mapping,
 * named after the AWS names. A dead-letter queue, a subscribed queue
 * and a consumer's stream of the export are references (…arn), so Terraform creates them first.
 * ARNs of the export's account inside policies are rebuilt from the account and region the
 * configuration is applied in (data sources, not references: a queue policy naming its own queue,
 * or two queues naming each other, would otherwise be a cycle). What the provider has no argument
 * for is written as a comment.
 *
 * Argument names as the provider documents them (registry docs of hashicorp/aws, resources
 * sqs_queue, sns_topic, sns_topic_subscription, kinesis_stream, kinesis_stream_consumer).
 */
export function renderTerraform(spec: ResourceSpec): string {
  return new TerraformWriter(spec).render();
}

type Kind = 'number' | 'bool' | 'string' | 'json';

/** SQS attribute → aws_sqs_queue argument. FifoQueue is implied by the name. */
const QUEUE_ARGUMENTS: Readonly<Record<string, readonly [string, Kind]>> = {
  ContentBasedDeduplication: ['content_based_deduplication', 'bool'],
  DeduplicationScope: ['deduplication_scope', 'string'],
  DelaySeconds: ['delay_seconds', 'number'],
  FifoThroughputLimit: ['fifo_throughput_limit', 'string'],
  KmsDataKeyReusePeriodSeconds: ['kms_data_key_reuse_period_seconds', 'number'],
  KmsMasterKeyId: ['kms_master_key_id', 'string'],
  MaximumMessageSize: ['max_message_size', 'number'],
  MessageRetentionPeriod: ['message_retention_seconds', 'number'],
  Policy: ['policy', 'json'],
  ReceiveMessageWaitTimeSeconds: ['receive_wait_time_seconds', 'number'],
  RedriveAllowPolicy: ['redrive_allow_policy', 'json'],
  RedrivePolicy: ['redrive_policy', 'json'],
  SqsManagedSseEnabled: ['sqs_managed_sse_enabled', 'bool'],
  VisibilityTimeout: ['visibility_timeout_seconds', 'number'],
};

/** SNS topic attribute → aws_sns_topic argument (delivery status logging: see FEEDBACK). */
const TOPIC_ARGUMENTS: Readonly<Record<string, readonly [string, Kind]>> = {
  ArchivePolicy: ['archive_policy', 'json'],
  ContentBasedDeduplication: ['content_based_deduplication', 'bool'],
  DeliveryPolicy: ['delivery_policy', 'json'],
  DisplayName: ['display_name', 'string'],
  FifoThroughputScope: ['fifo_throughput_scope', 'string'],
  KmsMasterKeyId: ['kms_master_key_id', 'string'],
  Policy: ['policy', 'json'],
  SignatureVersion: ['signature_version', 'number'],
  TracingConfig: ['tracing_config', 'string'],
};

/** Subscription attributes without a field of their own in the file → aws_sns_topic_subscription argument. */
const SUBSCRIPTION_ARGUMENTS: Readonly<Record<string, readonly [string, Kind]>> = {
  DeliveryPolicy: ['delivery_policy', 'json'],
  RedrivePolicy: ['redrive_policy', 'json'],
  ReplayPolicy: ['replay_policy', 'json'],
  SubscriptionRoleArn: ['subscription_role_arn', 'string'],
};

/** HCL text to write as it is (a reference, a function call), not as a string. */
class Raw {
  constructor(readonly text: string) {}
}

type Argument = readonly [name: string, value: unknown];

interface Block {
  readonly header: string;
  readonly comments: readonly string[];
  readonly args: readonly Argument[];
  /** Nested blocks (stream_mode_details { … }). */
  readonly blocks?: readonly NestedBlock[];
}

/** A block inside a resource, which may hold blocks too (filter_criteria { filter { … } }). */
interface NestedBlock {
  readonly name: string;
  readonly args: readonly Argument[];
  readonly blocks?: readonly NestedBlock[];
}

/** The account and region the configuration is applied in: for ARNs inside policies. */
const LOCALS = `data "aws_caller_identity" "current" {}
data "aws_region" "current" {}
data "aws_partition" "current" {}

locals {
  # Where this configuration is applied: ARNs of the exported account are rebuilt from these.
  # (aws_region's \`name\` is \`region\` in provider v6, where \`name\` is deprecated.)
  account_id = data.aws_caller_identity.current.account_id
  region     = data.aws_region.current.name
  partition  = data.aws_partition.current.partition
}
`;

const HEADER = `# Written by \`switchyard export --format terraform\`: a Switchyard server's queues, topics (with
# their subscriptions) and streams (with their consumers), for the hashicorp/aws provider. Only
# what differs from AWS's defaults is set. Not exported: messages and records, a topic's data
# protection policy, SMS and mobile-push settings, Kinesis resource policies, encryption and
# monitoring settings. An SQS subscription on AWS also needs a queue policy that lets the topic
# send (Switchyard asks for one only with --enforce-policies). archive_policy,
# fifo_throughput_scope and replay_policy need a recent provider (5.x).

terraform {
  required_providers {
    aws = {
      source = "hashicorp/aws"
    }
  }
}
`;

class TerraformWriter {
  private readonly index: ExportIndex;
  private readonly ids = new Map<string, string>();
  private usesLocals = false;

  constructor(private readonly spec: ResourceSpec) {
    this.index = new ExportIndex(spec);
    const names = { queue: new UniqueIds(terraformName, '_'), topic: new UniqueIds(terraformName, '_'), stream: new UniqueIds(terraformName, '_') };
    for (const q of spec.queues ?? []) this.ids.set(`queue ${q.name}`, names.queue.take(q.name));
    for (const t of spec.topics ?? []) this.ids.set(`topic ${t.name}`, names.topic.take(t.name));
    for (const s of spec.streams ?? []) this.ids.set(`stream ${s.name}`, names.stream.take(s.name));
  }

  render(): string {
    const blocks: Block[] = [];
    const triggerIds = new UniqueIds(terraformName, '_');
    for (const q of this.spec.queues ?? []) {
      blocks.push(this.queue(q));
      for (const t of q.triggers ?? []) blocks.push(this.trigger('queue', q.name, t, triggerIds));
    }
    const subscriptionIds = new UniqueIds(terraformName, '_');
    for (const t of this.spec.topics ?? []) {
      blocks.push(this.topic(t));
      for (const s of t.subscriptions ?? []) blocks.push(this.subscription(t, s, subscriptionIds));
    }
    const consumerIds = new UniqueIds(terraformName, '_');
    for (const s of this.spec.streams ?? []) {
      blocks.push(this.stream(s));
      for (const t of s.triggers ?? []) blocks.push(this.trigger('stream', s.name, t, triggerIds));
      for (const c of s.consumers ?? []) {
        blocks.push({ header: `resource "aws_kinesis_stream_consumer" "${consumerIds.take(`${s.name}_${c}`)}"`, comments: [], args: [['name', c], ['stream_arn', this.arn('stream', s.name)]] });
      }
    }
    const body = blocks.map(renderBlock).join('\n');
    return [HEADER, ...(this.usesLocals ? [LOCALS] : []), ...(body === '' ? [] : [body])].join('\n');
  }

  private queue(q: QueueSpec): Block {
    const args: Argument[] = [['name', q.name]];
    if (isFifoName(q.name)) args.push(['fifo_queue', true]);
    const comments: string[] = [];
    this.attributes(q.attributes, QUEUE_ARGUMENTS, args, comments, ['FifoQueue']);
    if (q.deadLetter) args.push(['redrive_policy', jsonencode({ deadLetterTargetArn: this.arn('queue', q.deadLetter.queue), maxReceiveCount: q.deadLetter.maxReceiveCount })]);
    if (q.tags) args.push(['tags', q.tags]);
    return { header: `resource "aws_sqs_queue" "${this.ids.get(`queue ${q.name}`)}"`, comments, args: sortArgs(args) };
  }

  /** A queue's or stream's Lambda trigger (the function must exist in AWS: Switchyard runs none). */
  private trigger(kind: 'queue' | 'stream', source: string, t: TriggerSpec | StreamTriggerSpec, ids: UniqueIds): Block {
    const args: Argument[] = [['event_source_arn', this.arn(kind, source)], ['function_name', this.rehomeArn(t.function)]];
    const blocks: NestedBlock[] = [];
    for (const [k, v] of mappingSettings(t)) {
      if (k === 'MaximumConcurrency') blocks.push({ name: 'scaling_config', args: [['maximum_concurrency', v]] });
      // One filter block per pattern, the pattern as jsonencode() of its JSON, as the provider's docs write it.
      else if (k === 'FilterCriteria') blocks.push({ name: 'filter_criteria', args: [], blocks: (v as { Filters: { Pattern: string }[] }).Filters.map((f) => ({ name: 'filter', args: [['pattern', patternArgument(f.Pattern)]] })) });
      else if (k === 'DestinationConfig') blocks.push({ name: 'destination_config', args: [], blocks: [{ name: 'on_failure', args: [['destination_arn', this.arnOf((v as { OnFailure: { Destination: string } }).OnFailure.Destination)]] }] });
      // The provider takes the timestamp as RFC 3339, the API as Unix seconds.
      else if (k === 'StartingPositionTimestamp') args.push(['starting_position_timestamp', new Date((v as number) * 1000).toISOString()]);
      else args.push([k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`).slice(1), v as Argument[1]]);
    }
    // The note as comment lines of about 100 characters.
    const comments = triggerNote(kind).match(/.{1,100}(?:\s|$)/g)!.map((line) => line.trim());
    return { header: `resource "aws_lambda_event_source_mapping" "${ids.take(`${source}_${functionName(t.function)}`)}"`, comments, args, blocks };
  }

  private topic(t: TopicSpec): Block {
    const args: Argument[] = [['name', t.name]];
    if (isFifoName(t.name)) args.push(['fifo_topic', true]);
    const comments: string[] = [];
    const rest: Record<string, AttributeValue> = {};
    for (const [k, v] of Object.entries(t.attributes ?? {})) {
      const m = FEEDBACK.exec(k);
      // HTTPSuccessFeedbackRoleArn → http_success_feedback_role_arn.
      if (m) args.push([`${m[1]!.toLowerCase()}_${m[2]!.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`).slice(1)}`, m[2] === 'SuccessFeedbackSampleRate' ? asNumber(v) : this.rehomeArn(asString(v))]);
      else rest[k] = v;
    }
    this.attributes(rest, TOPIC_ARGUMENTS, args, comments, ['FifoTopic']);
    if (t.tags) args.push(['tags', t.tags]);
    return { header: `resource "aws_sns_topic" "${this.ids.get(`topic ${t.name}`)}"`, comments, args: sortArgs(args) };
  }

  private subscription(t: TopicSpec, s: SubscriptionSpec, ids: UniqueIds): Block {
    const protocol = s.protocol ?? 'sqs';
    const endpoint = s.queue !== undefined ? this.arn('queue', s.queue) : (s.endpoint as string);
    const args: Argument[] = [['topic_arn', this.arn('topic', t.name)], ['protocol', protocol], ['endpoint', endpoint]];
    const comments: string[] = [];
    if (s.rawMessageDelivery) args.push(['raw_message_delivery', true]);
    if (s.filterPolicy) args.push(['filter_policy', jsonencode(s.filterPolicy)]);
    if (s.filterPolicyScope) args.push(['filter_policy_scope', s.filterPolicyScope]);
    if (s.deadLetter) args.push(['redrive_policy', jsonencode({ deadLetterTargetArn: this.arn('queue', s.deadLetter.queue) })]);
    this.attributes(s.attributes, SUBSCRIPTION_ARGUMENTS, args, comments, []);
    if (['http', 'https', 'email', 'email-json'].includes(protocol)) {
      comments.push('AWS sends this endpoint a confirmation request: the subscription stays pending until it is', 'confirmed (and Terraform cannot delete a pending one). On Switchyard it may still be pending.');
    }
    if ((protocol === 'http' || protocol === 'https') && isLocalEndpoint(s.endpoint ?? '')) {
      comments.push('NOTE: this endpoint is on the machine or network Switchyard ran on; AWS cannot reach it.');
    }
    return { header: `resource "aws_sns_topic_subscription" "${ids.take(`${t.name}_${protocol}_${s.queue ?? endpointTail(s.endpoint ?? '')}`)}"`, comments, args: sortArgs(args) };
  }

  private stream(s: StreamSpec): Block {
    const mode = s.mode ?? (s.shards !== undefined ? 'PROVISIONED' : 'ON_DEMAND');
    const args: Argument[] = [['name', s.name]];
    const comments: string[] = [];
    if (mode === 'PROVISIONED') {
      args.push(['shard_count', s.shards ?? 1]);
      if (s.shards === undefined) comments.push('The shard count was unknown (the stream was still CREATING): 1 is assumed.');
    }
    if (s.retentionHours !== undefined) args.push(['retention_period', s.retentionHours]);
    if (s.tags) args.push(['tags', s.tags]);
    return {
      header: `resource "aws_kinesis_stream" "${this.ids.get(`stream ${s.name}`)}"`,
      comments,
      args,
      blocks: [{ name: 'stream_mode_details', args: [['stream_mode', mode]] }],
    };
  }

  /** Attributes with an argument in `table` are written as it; others become a comment. */
  private attributes(attributes: Readonly<Record<string, AttributeValue>> | undefined, table: typeof QUEUE_ARGUMENTS, args: Argument[], comments: string[], implied: readonly string[]): void {
    for (const [k, v] of Object.entries(attributes ?? {})) {
      if (implied.includes(k)) continue;
      const known = table[k];
      if (known === undefined) {
        comments.push(`Not expressed (no argument for it): ${k} = ${JSON.stringify(v)}`);
        continue;
      }
      const [name, kind] = known;
      args.push([name, kind === 'number' ? asNumber(v) : kind === 'bool' ? asBoolean(v) : kind === 'string' ? this.rehomeArn(asString(v)) : jsonencode(this.rehome(asJson(v)))]);
    }
  }

  /** A value (a policy, a role ARN) with the exported account's ARNs rebuilt for the account it is applied in. */
  private rehome(v: unknown): unknown {
    return mapStrings(v, (s) => {
      const target = this.index.target(s);
      return target === undefined ? undefined : this.constructed(target);
    });
  }

  /** A string attribute: rebuilt when it is an ARN in the exported account (a role), as it is otherwise. */
  private rehomeArn(s: string): unknown {
    return s.startsWith('arn:') ? this.rehome(s) : s;
  }

  /** An ARN given as such: a reference when it names a queue or topic the export declares, else rebuilt as rehomeArn does. */
  private arnOf(s: string): unknown {
    const declared = this.index.declared(s);
    return declared ? this.arn(declared.kind, declared.name) : this.rehomeArn(s);
  }

  /** A reference to a resource's ARN when the export declares it, else the ARN rebuilt from the account. */
  private arn(kind: ResourceKind, name: string): Raw {
    if (this.index.has(kind, name)) return new Raw(`aws_${kind === 'queue' ? 'sqs_queue' : kind === 'topic' ? 'sns_topic' : 'kinesis_stream'}.${this.ids.get(`${kind} ${name}`)}.arn`);
    return this.constructed(resourceTarget(kind, name));
  }

  private constructed(target: Target): Raw {
    this.usesLocals = true;
    if (target.kind === 'account') return new Raw('local.account_id');
    const region = target.region ?? '${local.region}';
    return new Raw(`"arn:\${local.partition}:${target.service}:${region}:\${local.account_id}:${hclString(target.resource).slice(1, -1)}"`);
  }
}

function jsonencode(v: unknown, indent = '  '): Raw {
  return new Raw(`jsonencode(${hcl(v, indent)})`);
}

/** A filter pattern: jsonencode() of its JSON (inside filter_criteria { filter { … } }), or the string if it is no plain JSON. */
function patternArgument(pattern: string): unknown {
  try {
    return jsonencode(JSON.parse(pattern), '      ');
  } catch {
    return pattern;
  }
}

/** name first, then the arguments in the order of the provider's docs (alphabetical), tags last. */
function sortArgs(args: Argument[]): Argument[] {
  const rank = (n: string) => (n === 'name' || n === 'topic_arn' ? 0 : n === 'protocol' ? 1 : n === 'endpoint' ? 2 : n === 'tags' ? 4 : 3);
  return [...args].sort((a, b) => rank(a[0]) - rank(b[0]) || (rank(a[0]) === 3 ? a[0].localeCompare(b[0]) : 0));
}

function renderBlock(block: Block): string {
  const lines = block.comments.map((c) => `# ${c}`);
  lines.push(`${block.header} {`, ...renderArgs(block.args, '  '));
  for (const nested of block.blocks ?? []) lines.push('', ...renderNested(nested, '  '));
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

function renderNested(block: NestedBlock, indent: string): string[] {
  const inner = `${indent}  `;
  const lines = [`${indent}${block.name} {`, ...renderArgs(block.args, inner)];
  (block.blocks ?? []).forEach((b, i) => lines.push(...(i > 0 || block.args.length > 0 ? [''] : []), ...renderNested(b, inner)));
  return [...lines, `${indent}}`];
}

/** Arguments as `terraform fmt` writes them: the = of consecutive one-line arguments aligned. */
function renderArgs(args: readonly Argument[], indent: string): string[] {
  const values = args.map(([, v]) => hcl(v, indent));
  const out: string[] = [];
  let i = 0;
  while (i < args.length) {
    let j = i;
    while (j < args.length && !values[j]!.includes('\n')) j++;
    const group = j === i ? [i] : Array.from({ length: j - i }, (_, n) => i + n);
    const width = Math.max(...group.map((n) => args[n]![0].length));
    for (const n of group) out.push(`${indent}${args[n]![0].padEnd(values[n]!.includes('\n') ? 0 : width)} = ${values[n]}`);
    i = group[group.length - 1]! + 1;
  }
  return out;
}

/** Object keys written bare (a dash would be read as part of the name too, but is quoted for clarity). */
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const KEYWORDS = new Set(['true', 'false', 'null', 'for', 'in', 'if', 'endfor', 'endif']);

/** A value as an HCL expression, objects and lists spread over lines below `indent`. */
function hcl(v: unknown, indent: string): string {
  if (v instanceof Raw) return v.text;
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return hclString(v);
  if (typeof v !== 'object') return String(v);
  const inner = `${indent}  `;
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    const flat = v.map((x) => hcl(x, inner));
    if (flat.every((x) => !x.includes('\n')) && flat.join(', ').length <= 80) return `[${flat.join(', ')}]`;
    return `[\n${flat.map((x) => `${inner}${x},`).join('\n')}\n${indent}]`;
  }
  const entries = Object.entries(v);
  if (entries.length === 0) return '{}';
  const keys = entries.map(([k]) => (IDENTIFIER.test(k) && !KEYWORDS.has(k) ? k : hclString(k)));
  return `{\n${renderArgs(keys.map((k, n) => [k, entries[n]![1]]), inner).join('\n')}\n${indent}}`;
}

/** A quoted HCL string: JSON's escapes (less \b and \f, which HCL lacks), and ${ and %{ escaped as $${ and %%{. */
export function hclString(s: string): string {
  // Escapes are read pairwise, so that an escaped backslash before a b is left alone.
  const json = JSON.stringify(s).replace(/\\(u[0-9a-fA-F]{4}|.)/g, (m, c: string) => (c === 'b' ? '\\u0008' : c === 'f' ? '\\u000c' : m));
  return json.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');
}
