/**
 * One observer that tells each of `observers` in turn (the undefined ones left out): the metrics
 * and the embedded spy side by side. `template` names the methods (a service's do-nothing
 * observer). With one observer or none there is nothing to combine: that one, or undefined, is
 * returned as it is, so the usual case costs no extra call.
 */
export function everyObserver<T extends object>(template: T, ...observers: readonly (T | undefined)[]): T | undefined {
  const present = observers.filter((o): o is T => o !== undefined);
  if (present.length <= 1) return present[0];
  const combined: Record<string, (...args: unknown[]) => void> = {};
  for (const name of Object.keys(template)) {
    const methods = present.map((o) => ((o as Record<string, (...args: unknown[]) => void>)[name]!).bind(o));
    combined[name] = (...args) => {
      for (const m of methods) m(...args);
    };
  }
  return combined as T;
}
