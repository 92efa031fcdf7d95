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
