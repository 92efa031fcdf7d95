/**
 * Checks of `switchyard export --format terraform|cloudformation` output against the outside
 * world's definitions, not against the renderers' own tables:
 *
 * - Terraform: parsed by HashiCorp's HCL parser (@cdktf/hcl2json, the Go parser in wasm); every
 *   resource type and argument must be one the hashicorp/aws provider documents (the table below,
 *   from the provider's registry docs), and every reference must name a declared resource.
 * - CloudFormation: every resource type, property name and value type checked against the
 *   CloudFormation resource specification (@aws-cdk/aws-service-spec, the database CDK generates
 *   its L1 constructs from), required properties present, every Ref / Fn::GetAtt / Fn::Sub target
 *   declared (and a GetAtt attribute one the type has).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { gunzipSync } from 'node:zlib';
import { parse } from '@cdktf/hcl2json';

/**
 * The arguments of each resource as the hashicorp/aws provider's docs list them (website/docs/r/
 * sqs_queue, sns_topic, sns_topic_subscription, kinesis_stream, kinesis_stream_consumer,
 * lambda_event_source_mapping), and the
 * nested blocks' arguments as `block.argument`. Written here by hand from the docs.
 */
export const TERRAFORM_DOCUMENTED: Readonly<Record<string, readonly string[]>> = {
  aws_sqs_queue: [
    'content_based_deduplication', 'deduplication_scope', 'delay_seconds', 'fifo_queue', 'fifo_throughput_limit', 'kms_data_key_reuse_period_seconds',
    'kms_master_key_id', 'max_message_size', 'message_retention_seconds', 'name', 'name_prefix', 'policy', 'receive_wait_time_seconds', 'redrive_allow_policy',
    'redrive_policy', 'region', 'sqs_managed_sse_enabled', 'tags', 'visibility_timeout_seconds',
  ],
  aws_sns_topic: [
    'application_failure_feedback_role_arn', 'application_success_feedback_role_arn', 'application_success_feedback_sample_rate', 'archive_policy',
    'content_based_deduplication', 'delivery_policy', 'display_name', 'fifo_throughput_scope', 'fifo_topic', 'firehose_failure_feedback_role_arn',
    'firehose_success_feedback_role_arn', 'firehose_success_feedback_sample_rate', 'http_failure_feedback_role_arn', 'http_success_feedback_role_arn',
    'http_success_feedback_sample_rate', 'kms_master_key_id', 'lambda_failure_feedback_role_arn', 'lambda_success_feedback_role_arn',
    'lambda_success_feedback_sample_rate', 'name', 'name_prefix', 'policy', 'region', 'signature_version', 'sqs_failure_feedback_role_arn',
    'sqs_success_feedback_role_arn', 'sqs_success_feedback_sample_rate', 'tags', 'tracing_config',
  ],
  aws_sns_topic_subscription: [
    'confirmation_timeout_in_minutes', 'delivery_policy', 'endpoint', 'endpoint_auto_confirms', 'filter_policy', 'filter_policy_scope', 'protocol',
    'raw_message_delivery', 'redrive_policy', 'region', 'replay_policy', 'subscription_role_arn', 'topic_arn',
  ],
  aws_kinesis_stream: [
    'encryption_type', 'enforce_consumer_deletion', 'kms_key_id', 'name', 'region', 'retention_period', 'shard_count', 'shard_level_metrics', 'tags',
    'stream_mode_details', 'stream_mode_details.stream_mode',
  ],
  aws_kinesis_stream_consumer: ['name', 'stream_arn'],
  aws_lambda_event_source_mapping: [
    'amazon_managed_kafka_event_source_config', 'batch_size', 'bisect_batch_on_function_error', 'destination_config', 'destination_config.on_failure', 'document_db_event_source_config',
    'enabled', 'event_source_arn', 'filter_criteria', 'filter_criteria.filter', 'function_name', 'function_response_types', 'maximum_batching_window_in_seconds',
    'maximum_record_age_in_seconds', 'maximum_retry_attempts', 'parallelization_factor', 'queues', 'scaling_config', 'scaling_config.maximum_concurrency',
    'self_managed_event_source', 'self_managed_kafka_event_source_config', 'source_access_configuration', 'starting_position',
    'starting_position_timestamp', 'topics', 'tumbling_window_in_seconds',
  ],
};

/** Data sources the output may read (none takes an argument here). */
const TERRAFORM_DATA = ['aws_caller_identity', 'aws_region', 'aws_partition'];

type Blocks = Record<string, Record<string, Record<string, unknown>[]>>;
export interface ParsedTerraform {
  readonly resource: Blocks;
  readonly data?: Blocks;
  readonly locals?: Record<string, unknown>[];
  readonly terraform?: unknown[];
}

/** Parses Terraform text and checks types, arguments and references; the parsed structure. */
export async function checkTerraform(text: string): Promise<ParsedTerraform> {
  const parsed = (await parse('export.tf', text)) as ParsedTerraform;
  assert.deepEqual(Object.keys(parsed).filter((k) => !['resource', 'data', 'locals', 'terraform'].includes(k)), [], 'only resources, data sources, locals and the terraform block');
  const declared = new Set<string>();
  for (const [type, byName] of Object.entries(parsed.resource ?? {})) for (const name of Object.keys(byName)) declared.add(`${type}.${name}`);
  for (const [type, byName] of Object.entries(parsed.data ?? {})) {
    assert.ok(TERRAFORM_DATA.includes(type), `data source ${type}`);
    for (const name of Object.keys(byName)) declared.add(`data.${type}.${name}`);
  }
  const locals = new Set((parsed.locals ?? []).flatMap((l) => Object.keys(l)));
  const checkReferences = (where: string, v: unknown): void => {
    const text = JSON.stringify(v);
    for (const m of text.matchAll(/(?<![\w.$])(data\.)?(aws_[a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z_]+)/g)) {
      assert.ok(declared.has(`${m[1] ?? ''}${m[2]}.${m[3]}`), `${where}: a reference to ${m[0]}, which is not declared`);
    }
    for (const m of text.matchAll(/(?<![\w.$])local\.([a-z_]+)/g)) assert.ok(locals.has(m[1]!), `${where}: local.${m[1]} is not declared`);
  };
  for (const [type, byName] of Object.entries(parsed.resource ?? {})) {
    const documented = TERRAFORM_DOCUMENTED[type];
    assert.ok(documented, `resource type ${type} is not one the tests know the provider's docs of`);
    for (const [name, [body]] of Object.entries(byName)) {
      for (const [arg, value] of Object.entries(body!)) {
        assert.ok(documented.includes(arg), `${type}.${name}: argument ${arg} is not in the provider's docs`);
        if (Array.isArray(value) && typeof value[0] === 'object' && value[0] !== null && !Array.isArray(value[0])) {
          for (const nested of Object.keys(value[0])) assert.ok(documented.includes(`${arg}.${nested}`), `${type}.${name}: ${arg}.${nested} is not in the provider's docs`);
        }
        checkReferences(`${type}.${name}.${arg}`, value);
      }
    }
  }
  for (const l of parsed.locals ?? []) checkReferences('locals', l);
  return parsed;
}

/** One resource of the parsed Terraform, by type and name. */
export function tfResource(parsed: ParsedTerraform, type: string, name: string): Record<string, unknown> {
  const body = parsed.resource[type]?.[name]?.[0];
  assert.ok(body, `${type}.${name} is declared (declared: ${Object.keys(parsed.resource[type] ?? {}).join(', ')})`);
  return body;
}

/** The resources of a type whose `name` (or another argument) is `value`. */
export function tfFind(parsed: ParsedTerraform, type: string, arg: string, value: unknown): [string, Record<string, unknown>][] {
  return Object.entries(parsed.resource[type] ?? {})
    .map(([n, [b]]) => [n, b!] as [string, Record<string, unknown>])
    .filter(([, b]) => b[arg] === value);
}

interface SpecType {
  readonly type: string;
  readonly element?: SpecType;
  readonly types?: readonly SpecType[];
  readonly reference?: { readonly $ref: string };
  readonly allowedValues?: readonly string[];
}
interface SpecProperty {
  readonly type: SpecType;
  readonly required?: boolean;
}
interface SpecResource {
  readonly cloudFormationType: string;
  readonly properties: Record<string, SpecProperty>;
  readonly attributes: Record<string, unknown>;
}

let spec: { resources: Map<string, SpecResource>; types: Map<string, { name: string; properties: Record<string, SpecProperty> }> } | undefined;

/** The CloudFormation resource specification, read once from @aws-cdk/aws-service-spec's database. */
function cfnSpec(): NonNullable<typeof spec> {
  if (spec) return spec;
  const path = createRequire(import.meta.url).resolve('@aws-cdk/aws-service-spec/db.json.gz');
  const db = JSON.parse(gunzipSync(readFileSync(path)).toString('utf8')) as { schema: Record<string, { entities: { $id: string }[] }> };
  spec = {
    resources: new Map((db.schema.resource!.entities as unknown as SpecResource[]).map((r) => [r.cloudFormationType, r])),
    types: new Map((db.schema.typeDefinition!.entities as unknown as { $id: string; name: string; properties: Record<string, SpecProperty> }[]).map((t) => [t.$id, t])),
  };
  return spec;
}

const PSEUDO = new Set(['AWS::AccountId', 'AWS::Partition', 'AWS::Region', 'AWS::StackName', 'AWS::URLSuffix']);

/** Checks a template (parsed) against the specification; the resources by logical id. */
export function checkCloudFormation(template: Record<string, unknown>): Record<string, { Type: string; Properties: Record<string, any>; Metadata?: any }> {
  const { resources: types, types: typeDefs } = cfnSpec();
  assert.equal(template.AWSTemplateFormatVersion, '2010-09-09');
  assert.deepEqual(Object.keys(template).filter((k) => !['AWSTemplateFormatVersion', 'Description', 'Metadata', 'Resources'].includes(k)), []);
  const resources = template.Resources as Record<string, { Type: string; Properties: Record<string, unknown>; Metadata?: unknown }>;
  for (const [id, r] of Object.entries(resources)) {
    assert.match(id, /^[A-Za-z0-9]{1,255}$/, `logical id ${id} is alphanumeric`);
    assert.deepEqual(Object.keys(r).filter((k) => !['Type', 'Properties', 'Metadata'].includes(k)), [], `${id}: only Type, Properties, Metadata`);
    const def = types.get(r.Type);
    assert.ok(def, `${id}: ${r.Type} is a CloudFormation resource type`);
    checkObject(`${id}`, r.Properties, def.properties);
  }

  function checkObject(where: string, value: unknown, properties: Record<string, SpecProperty>): void {
    assert.ok(typeof value === 'object' && value !== null && !Array.isArray(value), `${where}: an object`);
    for (const [k, p] of Object.entries(properties)) if (p.required) assert.ok(k in value, `${where}: the required ${k} is missing`);
    for (const [k, v] of Object.entries(value)) {
      const p = properties[k];
      assert.ok(p, `${where}: ${k} is not a property of this type (known: ${Object.keys(properties).join(', ')})`);
      checkValue(`${where}.${k}`, v, p.type);
    }
  }

  function checkValue(where: string, v: unknown, t: SpecType): void {
    if (intrinsic(where, v)) return;
    switch (t.type) {
      case 'string':
        assert.equal(typeof v, 'string', `${where}: a string`);
        if (t.allowedValues) assert.ok(t.allowedValues.includes(v as string), `${where}: ${String(v)} is one of ${t.allowedValues.join(', ')}`);
        return;
      case 'integer':
        assert.ok(Number.isInteger(v), `${where}: an integer`);
        return;
      case 'number':
        assert.equal(typeof v, 'number', `${where}: a number`);
        return;
      case 'boolean':
        assert.equal(typeof v, 'boolean', `${where}: true or false`);
        return;
      case 'json':
        assert.ok(typeof v === 'object' && v !== null, `${where}: JSON (an object)`);
        checkIntrinsicsWithin(where, v);
        return;
      case 'union': {
        const errors: string[] = [];
        for (const option of t.types!) {
          try {
            checkValue(where, v, option);
            return;
          } catch (error) {
            errors.push((error as Error).message);
          }
        }
        assert.fail(`${where}: none of the union's types: ${errors.join('; ')}`);
        return;
      }
      case 'array':
        assert.ok(Array.isArray(v), `${where}: a list`);
        v.forEach((x, i) => checkValue(`${where}[${i}]`, x, t.element!));
        return;
      case 'tag':
        checkObject(where, v, { Key: { type: { type: 'string' }, required: true }, Value: { type: { type: 'string' }, required: true } });
        return;
      case 'ref': {
        const def = typeDefs.get(t.reference!.$ref);
        assert.ok(def, `${where}: type ${t.reference!.$ref} in the spec`);
        checkObject(where, v, def.properties);
        return;
      }
      default:
        assert.fail(`${where}: the checker does not know spec type ${t.type}`);
    }
  }

  /** A Ref, Fn::GetAtt or Fn::Sub (checked); false for anything else. */
  function intrinsic(where: string, v: unknown): boolean {
    if (typeof v !== 'object' || v === null || Array.isArray(v) || Object.keys(v).length !== 1) return false;
    const [fn, arg] = Object.entries(v)[0]!;
    if (fn === 'Ref') {
      assert.ok(PSEUDO.has(arg as string) || resources[arg as string], `${where}: Ref ${String(arg)} names a resource of the template`);
      return true;
    }
    if (fn === 'Fn::GetAtt') {
      const [id, attribute] = arg as [string, string];
      assert.ok(resources[id], `${where}: Fn::GetAtt of ${id}, a resource of the template`);
      assert.ok(attribute in types.get(resources[id]!.Type)!.attributes, `${where}: ${resources[id]!.Type} has the attribute ${attribute}`);
      return true;
    }
    if (fn === 'Fn::Sub') {
      assert.equal(typeof arg, 'string', `${where}: Fn::Sub of a string`);
      for (const m of (arg as string).matchAll(/\$\{([^}!][^}]*)\}/g)) assert.ok(PSEUDO.has(m[1]!) || resources[m[1]!], `${where}: Fn::Sub's \${${m[1]}} is declared`);
      return true;
    }
    if (fn.startsWith('Fn::')) assert.fail(`${where}: ${fn} is not expected in an export`);
    return false;
  }

  function checkIntrinsicsWithin(where: string, v: unknown): void {
    if (intrinsic(where, v)) return;
    if (Array.isArray(v)) v.forEach((x, i) => checkIntrinsicsWithin(`${where}[${i}]`, x));
    else if (typeof v === 'object' && v !== null) for (const [k, x] of Object.entries(v)) checkIntrinsicsWithin(`${where}.${k}`, x);
  }

  return resources as ReturnType<typeof checkCloudFormation>;
}
