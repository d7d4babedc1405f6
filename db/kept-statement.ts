// Statements whose SQL text is built once per process (docs/decisions/0035). drizzle builds a
// query's text anew on every call, walking every column and condition: on a booking POST that was
// more CPU than SQLite spent running the statements. A kept statement is built once, with named
// placeholders, and each use only fills in the values.
import { fillPlaceholders, sql, type Placeholder, type Query } from "drizzle-orm";
import type { SQLiteRaw } from "drizzle-orm/sqlite-core/query-builders/raw";
import type { Database } from "./database";

/** What drizzle's `prepare()` gives and its `batch` asks of each item (drizzle-orm's `PreparedQuery`). */
interface Prepared {
  getQuery(): Query;
  mapResult(response: unknown, isFromBatch?: boolean): unknown;
}

/** A query builder (`prepare()`), or a raw statement (`db.run(sql…)`), built with placeholders. */
type Buildable<TResult> = { prepare(): Prepared; execute(): PromiseLike<TResult> } | SQLiteRaw<TResult>;

/** One placeholder per value name; a value fills it as is (a Date column compares with epoch ms). */
export type Placeholders<TValues> = { readonly [K in keyof TValues & string]: Placeholder<K, TValues[K]> };

type ResultOf<TBuilt> = TBuilt extends SQLiteRaw<infer R> ? R : TBuilt extends { execute(): PromiseLike<infer R> } ? R : never;

/**
 * A use of a kept statement with its values: awaited, it runs as one statement; in `db.batch`, it
 * is one of the batch's statements, like any drizzle query.
 */
export class KeptStatementRun<TResult> implements PromiseLike<TResult> {
  declare readonly _: { readonly dialect: "sqlite"; readonly result: TResult };

  constructor(
    private readonly db: Database,
    private readonly prepared: Prepared,
    private readonly query: Query,
  ) {}

  /** drizzle's batch calls this on each item for its text and its result mapping. */
  _prepare(): Prepared {
    return { getQuery: () => this.query, mapResult: (response, isFromBatch) => this.prepared.mapResult(response, isFromBatch) };
  }

  then<A = TResult, B = never>(
    onFulfilled?: ((value: TResult) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ) {
    return this.db.$client
      .execute({ sql: this.query.sql, args: this.query.params as never })
      .then((result) => this.prepared.mapResult(result, true) as TResult)
      .then(onFulfilled, onRejected);
  }
}

/**
 * `build` returns the statement with `values.<name>` where each value goes; it runs once, on the
 * first use (with that use's database; only the text and the result mapping are kept). Every use
 * passes all the values. The shape must not depend on the values: a statement with optional parts
 * is two kept statements. Written `keptStatement<{ id: string }>()((db, values) => …)`.
 */
export function keptStatement<TValues extends Record<string, unknown>>() {
  return <TBuilt extends Buildable<unknown>>(build: (db: Database, values: Placeholders<TValues>) => TBuilt) => {
    let kept: { prepared: Prepared; query: Query } | undefined;
    return (db: Database, values: TValues): KeptStatementRun<ResultOf<TBuilt>> => {
      if (!kept) {
        const built = build(db, placeholders as Placeholders<TValues>);
        const prepared: Prepared = "prepare" in built ? built.prepare() : built;
        kept = { prepared, query: prepared.getQuery() };
      }
      const query = { sql: kept.query.sql, params: fillPlaceholders(kept.query.params, values) };
      return new KeptStatementRun<ResultOf<TBuilt>>(db, kept.prepared, query);
    };
  };
}

// Any property name is that name's placeholder.
const placeholders = new Proxy({} as Record<string, Placeholder>, {
  get: (_target, name) => (typeof name === "string" ? sql.placeholder(name) : undefined),
});
