/**
 * A stream mapping's on-failure destination (CreateEventSourceMapping's DestinationConfig.OnFailure):
 * for Kinesis, AWS takes an SQS queue or an SNS topic [Lambda API reference, OnFailure; developer
 * guide, "Retain discarded batch records for a Kinesis Data Streams event source"] (an S3 bucket or
 * a Kafka topic too on AWS; this server has neither). A FIFO queue or topic is not a supported
 * destination type [developer guide, "Capturing records of Lambda asynchronous invocations": delivery
 * to one fails], so the file is refused rather than every delivery failing.
 */
export interface DestinationArn {
  readonly service: 'sqs' | 'sns';
  readonly region: string;
  readonly accountId: string;
  readonly name: string;
  readonly arn: string;
}

const ARN = /^arn:(aws[a-zA-Z0-9-]*):(sqs|sns):([a-z]{2}(?:-[a-z]+)+-\d):(\d{12}):([A-Za-z0-9_.-]+)$/;

export function parseDestinationArn(arn: string): DestinationArn | undefined {
  const m = ARN.exec(arn);
  if (!m) return undefined;
  return { service: m[2] as 'sqs' | 'sns', region: m[3]!, accountId: m[4]!, name: m[5]!, arn };
}

/** Why `value` cannot be a stream mapping's on-failure destination; undefined when it can. */
export function destinationProblem(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') return 'must be the ARN of an SQS queue or SNS topic';
  const d = parseDestinationArn(value);
  if (d === undefined) {
    return `"${value}" is not the ARN of an SQS queue (arn:aws:sqs:<region>:<account>:<queue>) or SNS topic (arn:aws:sns:<region>:<account>:<topic>), the destinations a Kinesis mapping takes here`;
  }
  const longest = d.service === 'sqs' ? 80 : 256;
  if (d.name.replace(/\.fifo$/, '').length > longest || /\.(?!fifo$)/.test(d.name)) return `"${d.name}" is not a valid ${d.service === 'sqs' ? 'queue' : 'topic'} name`;
  if (d.name.endsWith('.fifo')) return `${d.arn} is a FIFO ${d.service === 'sqs' ? 'queue' : 'topic'}: Lambda sends a stream's discarded records only to a standard queue or topic (AWS)`;
  return undefined;
}
