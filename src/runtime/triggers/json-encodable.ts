/**
 * Whether JSON.stringify can encode `value`. A value JSON.parse read (a file's, a function's
 * answer) may be nested thousands deep, which parses but makes JSON.stringify throw RangeError
 * (Maximum call stack size exceeded); callers refuse such a value instead of throwing later.
 */
export function jsonEncodable(value: unknown): boolean {
  try {
    JSON.stringify(value);
    return true;
  } catch {
    return false;
  }
}

/** `value` as JSON for a message, cut at `max` characters; a value JSON.stringify cannot encode is said to be nested too deeply. */
export function jsonPreview(value: unknown, max = 200): string {
  if (!jsonEncodable(value)) return '(a value nested too deeply to show)';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
