/**
 * Lambda's Invoke operation as the services see it [Lambda API reference, "Invoke"] (SNS `lambda`
 * subscriptions, SQS triggers): which function, which invocation type, what the answer means. The
 * call itself (HTTP, SigV4) is runtime/lambda-client.ts, handed in as a LambdaInvoker, so that no
 * service speaks a wire format. On the wire: `POST /2015-03-31/functions/<FunctionName>/invocations[?Qualifier=…]`
 * with the event as the body, `X-Amz-Invocation-Type: Event` (how SNS invokes [Lambda developer
 * guide, "Invoking Lambda functions with Amazon SNS notifications"]; Lambda answers 202 once the
 * event is queued) or `RequestResponse` (how an SQS event source mapping invokes: 200 with the
 * function's result, `X-Amz-Function-Error` when it failed), signed with SigV4 for the service `lambda`.
 *
 * The path names the function by its name, not its ARN: Lambda takes either, and local Lambda
 * servers (`sam local start-lambda`) look functions up by name only. A version or alias at the
 * end of the ARN goes in `Qualifier`, as the SDKs send it.
 */
export interface LambdaFunction {
  readonly name: string;
  readonly region: string;
  readonly account: string;
  readonly qualifier?: string;
}

export type InvocationType = 'Event' | 'RequestResponse';

const FUNCTION_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * A function as an event source mapping names it: its ARN (with an optional version or alias), or
 * its bare name, which is then the function of `account` in `region` (the queue's).
 */
export function parseFunctionRef(ref: string, region: string, account: string): LambdaFunction | undefined {
  if (ref.startsWith('arn:')) return parseFunctionArn(ref);
  return FUNCTION_NAME.test(ref) ? { name: ref, region, account } : undefined;
}

/** `arn:<partition>:lambda:<region>:<account>:function:<name>[:<qualifier>]`, else undefined. */
export function parseFunctionArn(arn: string): LambdaFunction | undefined {
  const m = /^arn:[\w-]+:lambda:([a-z0-9-]+):(\d{12}):function:([A-Za-z0-9_-]{1,140})(?::([A-Za-z0-9$_-]{1,128}))?$/.exec(arn);
  if (!m) return undefined;
  return { region: m[1]!, account: m[2]!, name: m[3]!, qualifier: m[4] };
}

export type InvokeOutcome = { readonly ok: true } | { readonly ok: false; readonly permanent: boolean; readonly error: string; readonly errorType?: string };

/**
 * Lambda's answer as an SNS delivery outcome. SNS does not retry client-side errors [SNS developer
 * guide, "Amazon SNS dead-letter queues"]: the function was deleted (404 ResourceNotFoundException),
 * its policy no longer lets SNS in (403 AccessDeniedException), the request is refused (400
 * InvalidRequestContentException, 413 RequestTooLargeException …): the delivery goes to the
 * dead-letter queue at once. Server-side errors are retried on the managed-endpoint schedule:
 * throttling (429 TooManyRequestsException), 5xx, a function being updated (409
 * ResourceConflictException), a timeout (408). A signature or key the server does not accept (401,
 * 403 other than AccessDenied) is retried too: that is the operator's setting to fix, not a reason
 * to drop messages.
 */
export function invokeOutcome(status: number, errorTypeHeader: string | undefined, body: string): InvokeOutcome {
  if (status >= 200 && status < 300) return { ok: true };
  const errorType = errorName(errorTypeHeader, body);
  const message = errorMessage(body);
  const error = `Lambda answered HTTP ${status}${errorType ? ` ${errorType}` : ''}${message ? `: ${message}` : ''}`;
  const accessDenied = status === 403 && /^AccessDenied/.test(errorType ?? '');
  const retried = status >= 500 || status === 429 || status === 409 || status === 408 || ((status === 401 || status === 403) && !accessDenied);
  return { ok: false, permanent: !retried, error, errorType };
}

/** The error's name: `X-Amzn-ErrorType` (`Name:namespace…`), else the body's `__type`/`code` (its `Type` is the fault, User or Service). */
function errorName(header: string | undefined, body: string): string | undefined {
  const fromHeader = header?.split(':')[0]?.trim();
  if (fromHeader) return fromHeader;
  const json = parseObject(body);
  const name = json?.__type ?? json?.code;
  return typeof name === 'string' && name !== '' ? (name.split('#').pop() ?? name) : undefined;
}

function errorMessage(body: string): string | undefined {
  const json = parseObject(body);
  const m = json?.message ?? json?.Message ?? json?.errorMessage;
  if (typeof m === 'string') return m;
  const text = body.trim();
  return text === '' || json ? undefined : text.slice(0, 200);
}

function parseObject(body: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(body);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Lambda's answer to one Invoke call. */
export interface InvokeAnswer {
  readonly status: number;
  /** `X-Amzn-ErrorType`: Lambda's own error (the call failed). */
  readonly errorType?: string;
  /** `X-Amz-Function-Error` (`Unhandled`, `Handled`): the call went through, the function failed. */
  readonly functionError?: string;
  /** `X-Amz-Executed-Version`: the version that ran (`$LATEST`, `7`), when the server says. */
  readonly executedVersion?: string;
  /** The body: the function's result for a RequestResponse call, else an error document (cut at `maxBodyBytes`). */
  readonly body: string;
}

export interface InvokeOptions {
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  /** Longest body kept (default 64 KiB, enough for an error's text). */
  readonly maxBodyBytes?: number;
}

/** A Lambda-compatible server's Invoke operation (runtime/lambda-client.ts: over HTTP, signed). */
export interface LambdaInvoker {
  /** The server, for log lines. */
  readonly endpoint: string;
  /** Rejects when no answer comes (no connection, timeout, abort). */
  invoke(fn: LambdaFunction, event: string, type: InvocationType, options: InvokeOptions): Promise<InvokeAnswer>;
}
