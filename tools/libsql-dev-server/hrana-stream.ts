/**
 * One Hrana stream = one SQLite connection (a `libsql` Database), so an interactive transaction
 * begun in one HTTP request is still open in the next one, unaffected by other streams.
 *
 * Executes stream requests the way sqld does (libsql-server/src/hrana/, connection/program.rs):
 * one statement per `execute`, sqld's argument binding rules, batch step conditions, and
 * `affected_row_count`/`last_insert_rowid` only for INSERT/UPDATE/DELETE.
 */
import Database from "libsql";
import { analyzeStatement, splitStatements, type Statement, type StatementInfo } from "./hrana-sql";
import {
  HranaError,
  valueFromProto,
  valueToProto,
  type BatchCond,
  type BatchResult,
  type CursorEntry,
  type DescribeResult,
  type ProtoBatch,
  type ProtoCol,
  type ProtoError,
  type ProtoStmt,
  type ProtoValueIn,
  type SqlValue,
  type StmtResult,
  type StreamRequest,
  type StreamResponse,
  type StreamResult,
} from "./hrana";

type Connection = Database.Database;
type PreparedStatement = Database.Statement;

export interface StreamOptions {
  /** How long a statement keeps retrying while another connection holds the write lock. */
  busyTimeoutMs: number;
}

// sqld's limits for `store_sql`; the client stays below them.
const MAX_STORED_SQL = 50;
const MAX_STORED_SQL_BYTES = 5000;

type StepOutcome = { state: "skipped" } | { state: "ok"; result: StmtResult } | { state: "error"; error: ProtoError };

export class HranaStream {
  #db: Connection | undefined;
  #changes: PreparedStatement | undefined;
  readonly #sqls = new Map<number, string>();
  readonly #file: string;
  readonly #options: StreamOptions;

  constructor(file: string, options: StreamOptions) {
    // No native busy_timeout: it would block Node's only thread while waiting — including the
    // request that would COMMIT and release the lock. See #retryWhileBusy instead.
    this.#db = new Database(file);
    this.#file = file;
    this.#options = options;
  }

  get closed(): boolean {
    return this.#db === undefined;
  }

  /** Runs one pipeline request. Failures the client should see become `{type: "error"}`. */
  async handle(request: StreamRequest): Promise<StreamResult> {
    try {
      return { type: "ok", response: await this.#respond(request) };
    } catch (error) {
      if (error instanceof HranaError) return { type: "error", error: error.toProto() };
      throw error;
    }
  }

  async #respond(request: StreamRequest): Promise<StreamResponse> {
    switch (request.type) {
      case "close":
        this.close();
        return { type: "close" };
      case "execute":
        return { type: "execute", result: await this.execute(request.stmt) };
      case "batch":
        return { type: "batch", result: await this.batch(request.batch) };
      case "sequence":
        await this.#sequence(this.#resolveSql(request));
        return { type: "sequence" };
      case "describe":
        return { type: "describe", result: await this.#describe(this.#resolveSql(request)) };
      case "store_sql":
        this.#storeSql(request.sql_id, request.sql);
        return { type: "store_sql" };
      case "close_sql":
        this.#sqls.delete(request.sql_id);
        return { type: "close_sql" };
      case "get_autocommit":
        return { type: "get_autocommit", is_autocommit: this.isAutocommit };
    }
  }

  get isAutocommit(): boolean {
    return !this.#connection().inTransaction;
  }

  async execute(stmt: ProtoStmt): Promise<StmtResult> {
    const statement = this.#single(this.#resolveSql(stmt));
    const info = analyzeStatement(statement);
    const args = bindArguments(info, stmt.args ?? [], stmt.named_args ?? []);
    return this.#run(statement, info, args, stmt.want_rows ?? true);
  }

  async batch(batch: ProtoBatch): Promise<BatchResult> {
    const outcomes = await this.#runBatch(batch);
    return {
      step_results: outcomes.map((outcome) => (outcome.state === "ok" ? outcome.result : null)),
      step_errors: outcomes.map((outcome) => (outcome.state === "error" ? outcome.error : null)),
    };
  }

  /** The same batch, as the entries of a Hrana 3 cursor (skipped steps produce no entries). */
  async cursor(batch: ProtoBatch): Promise<CursorEntry[]> {
    let outcomes: StepOutcome[];
    try {
      outcomes = await this.#runBatch(batch);
    } catch (error) {
      // A failure of the batch as a whole (not of one step) ends the cursor with an error entry.
      if (error instanceof HranaError) return [{ type: "error", error: error.toProto() }];
      throw error;
    }
    return outcomes.flatMap((outcome, step): CursorEntry[] => {
      if (outcome.state === "skipped") return [];
      if (outcome.state === "error") return [{ type: "step_error", step, error: outcome.error }];
      const { cols, rows, affected_row_count, last_insert_rowid } = outcome.result;
      return [
        { type: "step_begin", step, cols },
        ...rows.map((row): CursorEntry => ({ type: "row", row })),
        { type: "step_end", affected_row_count, last_insert_rowid },
      ];
    });
  }

  /** Closing rolls back an open transaction, like SQLite does when a connection goes away. */
  close(): void {
    const db = this.#db;
    if (!db) return;
    this.#db = undefined;
    this.#changes = undefined;
    // Explicit ROLLBACK first: `libsql` keeps the native connection (and its locks) alive until
    // prepared statements that still reference it are garbage-collected, close() or not.
    try {
      if (db.inTransaction) db.exec("ROLLBACK");
    } catch {
      // The transaction may already be gone (e.g. rolled back by an I/O error); closing is enough.
    }
    db.close();
  }

  // -------------------------------------------------------------------------------------------

  async #runBatch(batch: ProtoBatch): Promise<StepOutcome[]> {
    const outcomes: StepOutcome[] = [];
    for (const step of batch.steps) {
      if (step.condition && !evaluate(step.condition, outcomes, this.isAutocommit)) {
        outcomes.push({ state: "skipped" });
        continue;
      }
      try {
        outcomes.push({ state: "ok", result: await this.execute(step.stmt) });
      } catch (error) {
        if (!(error instanceof HranaError)) throw error;
        outcomes.push({ state: "error", error: error.toProto() });
      }
    }
    return outcomes;
  }

  /** Statements run one by one, stopping at the first failure (earlier ones stay applied). */
  async #sequence(sql: string): Promise<void> {
    for (const statement of splitStatements(sql)) {
      const info = analyzeStatement(statement);
      const args = bindArguments(info, [], []);
      await this.#run(statement, info, args, false);
    }
  }

  async #describe(sql: string): Promise<DescribeResult> {
    const statement = this.#single(sql);
    const info = analyzeStatement(statement);
    const prepared = await this.#retryWhileBusy(() => this.#prepare(statement.sql));
    return {
      params: info.params.map((name) => ({ name })),
      cols: prepared.reader ? columnsOf(prepared) : [],
      is_explain: info.isExplain,
      is_readonly: info.isReadonly,
    };
  }

  #storeSql(sqlId: number, sql: string): void {
    if (this.#sqls.has(sqlId)) throw new HranaError(`SQL text ${sqlId} already exists`, "SQL_STORE_EXISTS");
    if (this.#sqls.size >= MAX_STORED_SQL) {
      throw new HranaError(`The server already stores ${this.#sqls.size} SQL texts, it cannot store more`, "SQL_STORE_TOO_MANY");
    }
    if (Buffer.byteLength(sql) > MAX_STORED_SQL_BYTES) {
      throw new HranaError(`The statement is too large to be stored (over ${MAX_STORED_SQL_BYTES} bytes)`, "SQL_STORE_TOO_LARGE");
    }
    this.#sqls.set(sqlId, sql);
  }

  #resolveSql(request: { sql?: string | null; sql_id?: number | null }): string {
    if (request.sql != null) return request.sql;
    const sql = this.#sqls.get(request.sql_id!);
    if (sql === undefined) throw new HranaError(`SQL text ${request.sql_id} not found`, "SQL_STORE_NOT_FOUND");
    return sql;
  }

  /** `execute` and `describe` take exactly one statement, as in sqld. */
  #single(sql: string): Statement {
    const statements = splitStatements(sql);
    if (statements.length === 0) throw new HranaError("SQL string does not contain any statement", "SQL_NO_STATEMENT");
    if (statements.length > 1) {
      throw new HranaError("SQL string contains more than one statement", "SQL_MANY_STATEMENTS");
    }
    return statements[0]!;
  }

  #connection(): Connection {
    if (!this.#db) throw new HranaError("The stream is closed", "STREAM_CLOSED");
    return this.#db;
  }

  #prepare(sql: string): PreparedStatement {
    try {
      return this.#connection().prepare(sql).safeIntegers(true);
    } catch (error) {
      throw sqliteError(error);
    }
  }

  async #run(statement: Statement, info: StatementInfo, args: SqlValue[], wantRows: boolean): Promise<StmtResult> {
    const started = performance.now();
    const prepared = await this.#retryWhileBusy(() => this.#prepare(statement.sql));
    try {
      // Retry with the same prepared statement: `libsql` does not reset a statement that failed
      // with SQLITE_BUSY, and that half-run statement keeps an implicit transaction open until it
      // is reset — which only running it again does. A fresh statement would "succeed" inside
      // that transaction and never be committed.
      const rows = await this.#retryWhileBusy(() => this.#step(prepared, args));
      return this.#result(prepared, info, rows, wantRows, started);
    } catch (error) {
      // Gave up waiting: outside an explicit transaction, swap the connection for a clean one
      // rather than keep that dangling implicit transaction. (Inside one, the client rolls back.)
      if (isBusy(error) && !this.closed && this.isAutocommit) this.#reopen();
      throw error;
    }
  }

  /** Runs the statement; returns its rows, or `undefined` for statements without a result set. */
  #step(prepared: PreparedStatement, args: SqlValue[]): unknown[][] | undefined {
    try {
      // `raw()` refuses statements without a result set, so those go through `run()`.
      if (prepared.reader) return prepared.raw(true).all(args) as unknown[][];
      prepared.run(args);
      return undefined;
    } catch (error) {
      throw sqliteError(error);
    }
  }

  #result(prepared: PreparedStatement, info: StatementInfo, rows: unknown[][] | undefined, wantRows: boolean, started: number): StmtResult {
    // Like sqld: sqlite3_changes() is stale after a SELECT and last_insert_rowid() after anything
    // but an INSERT, so they are only reported for the statements they describe.
    let affected = 0;
    let lastInsertRowid: string | null = null;
    if (info.isIud) {
      const [changes, rowid] = this.#changesStatement().get() as [bigint, bigint];
      affected = Number(changes);
      if (info.isInsert) lastInsertRowid = rowid.toString();
    }
    return {
      cols: rows ? columnsOf(prepared) : [],
      rows: wantRows && rows ? rows.map((row) => row.map(valueToProto)) : [],
      affected_row_count: affected,
      last_insert_rowid: lastInsertRowid,
      // sqld reads these from sqlite3_stmt_status, which `libsql` does not expose: these are the
      // rows this statement returned and changed, not the rows SQLite scanned.
      rows_read: rows?.length ?? 0,
      rows_written: affected,
      query_duration_ms: performance.now() - started,
    };
  }

  #reopen(): void {
    this.close();
    this.#db = new Database(this.#file);
  }

  #changesStatement(): PreparedStatement {
    this.#changes ??= this.#prepare("SELECT changes(), last_insert_rowid()").raw(true);
    return this.#changes;
  }

  /**
   * SQLITE_BUSY: another connection holds the write lock — often another stream of this very
   * server, whose COMMIT can only arrive if we yield. So wait asynchronously and retry, for up to
   * `busyTimeoutMs` (the same budget a busy_timeout pragma would give). A statement that failed
   * had no effect, so running it again is safe.
   */
  async #retryWhileBusy<T>(operation: () => T): Promise<T> {
    const deadline = performance.now() + this.#options.busyTimeoutMs;
    for (let delay = 1; ; delay = Math.min(delay * 2, 50)) {
      try {
        return operation();
      } catch (error) {
        if (!isBusy(error) || performance.now() + delay > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }
}

/**
 * sqld's binding rules (libsql-server/src/query.rs): arguments are either all positional or all
 * named; positional ones fill `?` and `?NNN`; named ones match `:a`/`@a`/`$a` with or without the
 * prefix; a missing or surplus argument is an error rather than a silent NULL.
 */
function bindArguments(
  info: StatementInfo,
  args: readonly ProtoValueIn[],
  namedArgs: readonly { name: string; value: ProtoValueIn }[],
): SqlValue[] {
  if (args.length > 0 && namedArgs.length > 0) {
    throw new HranaError("Specifying both positional and named arguments is not supported", "ARGS_BOTH_POSITIONAL_AND_NAMED");
  }
  const given = Math.max(args.length, namedArgs.length);
  if (given > info.params.length) {
    throw new HranaError(
      `Arguments do not match SQL parameters: too many parameters, expected ${info.params.length} found ${given}`,
      "ARGS_INVALID",
    );
  }
  const named = new Map(namedArgs.map((arg) => [arg.name, arg.value]));
  return info.params.map((name, index) => {
    let value;
    if (name === null) value = args[index];
    else if (name.startsWith("?")) value = args[Number(name.slice(1)) - 1];
    else value = named.get(name) ?? named.get(name.slice(1));
    if (value !== undefined) return valueFromProto(value);
    // sqld lets EXPLAIN run without arguments (they are just placeholders in the plan).
    if (info.isExplain) return null;
    throw new HranaError(`Arguments do not match SQL parameters: value for parameter ${name ?? index + 1} not found`, "ARGS_INVALID");
  });
}

/**
 * The spec's semantics: `ok`/`error` are true only if that step ran and succeeded/failed; a skipped
 * step makes both false. (sqld treats `error` as "not ok", i.e. true for skipped steps too; the
 * client only ever uses `ok`, `not`, `and` and `is_autocommit`, where the two agree.)
 */
function evaluate(cond: BatchCond, outcomes: readonly StepOutcome[], isAutocommit: boolean): boolean {
  switch (cond.type) {
    case "ok":
      return outcomes[cond.step]?.state === "ok";
    case "error":
      return outcomes[cond.step]?.state === "error";
    case "not":
      return !evaluate(cond.cond, outcomes, isAutocommit);
    case "and":
      return cond.conds.every((inner) => evaluate(inner, outcomes, isAutocommit));
    case "or":
      return cond.conds.some((inner) => evaluate(inner, outcomes, isAutocommit));
    case "is_autocommit":
      return isAutocommit;
  }
}

function columnsOf(prepared: PreparedStatement): ProtoCol[] {
  return prepared.columns().map((column) => ({ name: column.name, decltype: column.type }));
}

/** SQLITE_BUSY_SNAPSHOT is left out: a transaction whose snapshot is stale can never succeed. */
function isBusy(error: unknown): boolean {
  return error instanceof HranaError && (error.code === "SQLITE_BUSY" || error.code === "SQLITE_BUSY_RECOVERY");
}

/** SQLite failures carry their extended result code name, e.g. SQLITE_CONSTRAINT_UNIQUE. */
function sqliteError(error: unknown): HranaError {
  if (error instanceof HranaError) return error;
  if (error instanceof Database.SqliteError) return new HranaError(`SQLite error: ${error.message}`, error.code);
  return new HranaError(error instanceof Error ? error.message : String(error), "SQLITE_UNKNOWN");
}
