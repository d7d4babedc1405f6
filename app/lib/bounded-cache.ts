/**
 * Results of a pure but costly computation, kept by key: at most `max` of them, all dropped when
 * full (whatever arrives, memory stays bounded; the keys in use come straight back).
 */
export class BoundedCache<K, V> {
  readonly #entries = new Map<K, V>();

  constructor(readonly max: number) {}

  /** The kept result for `key`, else `compute()`'s, kept (a throw keeps nothing). */
  get(key: K, compute: () => V): V {
    const kept = this.#entries.get(key);
    if (kept !== undefined || this.#entries.has(key)) return kept as V;
    const value = compute();
    if (this.#entries.size >= this.max) this.#entries.clear();
    this.#entries.set(key, value);
    return value;
  }
}
