import { jsonEncodable } from './json-encodable.js';
/**
 * Tumbling windows (TumblingWindowInSeconds) [Lambda developer guide, "Using Lambda with Kinesis",
 * time windows]: each record belongs to the window its approximate arrival time falls in; windows
 * are consecutive spans of the window's length (aligned on the epoch here, as AWS's example
 * 07:04:00–07:06:00 of a 120 s window is; not otherwise documented). The function is invoked with a
 * window's records in batches, each with the state the previous one returned, and once more when
 * the window ends, with no records and isFinalInvokeForWindow. Its answer must hold a `state`
 * object, else the invocation failed. The checkpoint moves past a window's records only once its
 * final invocation succeeded; that one is retried until it does.
 *
 * The event: the Kinesis event's Records, then window {start, end} (ISO 8601, seconds),
 * state, shardId, eventSourceARN, isFinalInvokeForWindow, isWindowTerminatedEarly.
 */
export interface TumblingWindow {
  readonly start: number;
  readonly end: number;
}

/** A state above 1 MB ends the window early (AWS: "Your state can be a maximum of 1 MB per shard"). */
export const MAX_STATE_BYTES = 1024 * 1024;

export function windowOf(arrivalMs: number, seconds: number): TumblingWindow {
  const size = seconds * 1000;
  const start = Math.floor(arrivalMs / size) * size;
  return { start, end: start + size };
}

const isoSeconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export function windowEventFields(w: TumblingWindow, state: object, source: { readonly shardId: string; readonly streamArn: string }, final: boolean, terminatedEarly: boolean) {
  return {
    window: { start: isoSeconds(w.start), end: isoSeconds(w.end) },
    state,
    shardId: source.shardId,
    eventSourceARN: source.streamArn,
    isFinalInvokeForWindow: final,
    isWindowTerminatedEarly: terminatedEarly,
  };
}

/** The state a function answered (TimeWindowEventResponse), or why the answer is a failed invocation. */
export function stateOf(body: string): { readonly state: object } | { readonly reason: string } {
  let response: unknown;
  try {
    response = JSON.parse(body);
  } catch {
    return { reason: 'the function answered no JSON with a state (tumbling window): a failed invocation' };
  }
  const state = response !== null && typeof response === 'object' ? (response as Record<string, unknown>).state : undefined;
  if (state === null || typeof state !== 'object' || Array.isArray(state)) return { reason: 'the function answered no state object (tumbling window): a failed invocation, as on AWS' };
  // A state nested thousands deep parses but cannot be encoded into the next event (JSON.stringify
  // throws RangeError), which stopped the shard's worker; taken as a failed invocation instead
  // (what AWS does with one is unverified).
  if (!jsonEncodable(state)) return { reason: 'the function answered a state nested too deeply to pass on (tumbling window): a failed invocation' };
  return { state };
}
