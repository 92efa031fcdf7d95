/** A synchronous read as a promise, as the store ports are asynchronous: a throw becomes a rejection. */
export function read<T>(fn: () => T): Promise<T> {
  try {
    return Promise.resolve(fn());
  } catch (e) {
    return Promise.reject(e);
  }
}
