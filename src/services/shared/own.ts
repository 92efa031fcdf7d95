/**
 * Plain objects keyed by a client's names (attribute names, tag keys, filter-policy keys) must not
 * see Object.prototype: `obj[name]` for `toString`, `constructor` or `hasOwnProperty` finds the
 * prototype's function instead of nothing, `name in obj` says it is there, and `obj.__proto__ = v`
 * replaces the object's prototype instead of adding an entry (the entry is lost). AWS takes these
 * as names like any other (`__proto__` is a valid message attribute name and tag key).
 */

/** `obj[key]` if `obj` has it as its own property, else undefined. */
export function own<T>(obj: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}

/** Sets `key` as an own, enumerable property, `__proto__` included. */
export function setOwn<T>(obj: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}
