/**
 * Just enough SQL lexing for the Hrana server, mirroring SQLite's own tokenizer rules:
 *
 * - split a string into statements (the `libsql` package silently ignores everything after the
 *   first statement in `prepare`, so we must count them ourselves), including `CREATE TRIGGER`
 *   bodies whose inner `;` do not end the statement;
 * - list the parameters of a statement with SQLite's numbering, so named and positional arguments
 *   are bound (and checked) the way sqld does it;
 * - tell INSERT/UPDATE/DELETE from other statements, for `affected_row_count`/`last_insert_rowid`.
 */

type TokenKind = "space" | "semi" | "word" | "quoted" | "param" | "punct";

interface Token {
  kind: TokenKind;
  text: string;
}

export interface Statement {
  sql: string;
  tokens: Token[];
}

export interface StatementInfo {
  /** Names of parameters 1..n (`sqlite3_bind_parameter_name`); `null` for a bare `?`. */
  params: (string | null)[];
  isExplain: boolean;
  isInsert: boolean;
  /** INSERT, UPDATE or DELETE (incl. REPLACE and `WITH ... INSERT`): the statements with a row count. */
  isIud: boolean;
  /** Approximates `sqlite3_stmt_readonly` (only reported by `describe`). */
  isReadonly: boolean;
}

/** Split `sql` into its non-empty statements, like `sqlite3_complete` decides where one ends. */
export function splitStatements(sql: string): Statement[] {
  const statements: Statement[] = [];
  let tokens: Token[] = [];
  let start = 0;
  let offset = 0;
  let state = 0;
  for (const token of tokenize(sql)) {
    offset += token.text.length;
    tokens.push(token);
    state = TRANSITIONS[state]![completeClass(token)]!;
    if (token.kind === "semi" && state === START) {
      if (tokens.some(isMeaningful)) statements.push({ sql: sql.slice(start, offset), tokens });
      tokens = [];
      start = offset;
    }
  }
  if (tokens.some(isMeaningful)) statements.push({ sql: sql.slice(start), tokens });
  return statements;
}

export function analyzeStatement(statement: Statement): StatementInfo {
  const words = statement.tokens.filter(isMeaningful);
  const first = keyword(words[0]);
  const isExplain = first === "EXPLAIN";
  const verb = isExplain ? undefined : first === "WITH" ? verbAfterWith(words) : first;
  const isInsert = verb === "INSERT" || verb === "REPLACE";
  const isIud = isInsert || verb === "UPDATE" || verb === "DELETE";
  return {
    params: parameterNames(statement.tokens),
    isExplain,
    isInsert,
    isIud,
    isReadonly: isExplain || isReadonlyVerb(verb, words),
  };
}

const READONLY_VERBS = new Set(["SELECT", "VALUES", "BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE"]);

function isReadonlyVerb(verb: string | undefined, words: Token[]): boolean {
  if (verb === undefined) return false;
  // `PRAGMA x = y` writes; `PRAGMA x` and `PRAGMA x(y)` mostly read. Good enough for `describe`.
  if (verb === "PRAGMA") return !words.some((token) => token.text === "=");
  return READONLY_VERBS.has(verb);
}

/** `WITH a AS (...), b AS (...) INSERT ...`: the verb is the first keyword outside parentheses. */
function verbAfterWith(words: Token[]): string | undefined {
  let depth = 0;
  for (const token of words.slice(1)) {
    if (token.text === "(") depth++;
    else if (token.text === ")") depth--;
    else if (depth === 0) {
      const word = keyword(token);
      if (word && ["SELECT", "VALUES", "INSERT", "REPLACE", "UPDATE", "DELETE"].includes(word)) return word;
    }
  }
  return undefined;
}

/** SQLITE_MAX_VARIABLE_NUMBER: SQLite refuses `?NNN` above it. */
const MAX_VARIABLE_NUMBER = 32766;

/** SQLite's numbering: `?` takes the next number, `?NNN` is NNN, a repeated `:name` reuses its number. */
function parameterNames(tokens: Token[]): (string | null)[] {
  const names: (string | null)[] = [];
  const seen = new Set<string>();
  for (const { kind, text } of tokens) {
    if (kind !== "param") continue;
    if (text === "?") {
      names.push(null);
    } else if (text.startsWith("?")) {
      const index = Number(text.slice(1));
      if (index < 1 || index > MAX_VARIABLE_NUMBER) continue; // does not prepare anyway
      while (names.length < index) names.push(null);
      // The first name given to a number sticks (`:a ... ?1` keeps `:a`).
      names[index - 1] ??= text;
    } else if (!seen.has(text)) {
      seen.add(text);
      names.push(text);
    }
  }
  return names;
}

// ---------------------------------------------------------------------------------------------
// Tokenizer

function isMeaningful(token: Token): boolean {
  return token.kind !== "space" && token.kind !== "semi";
}

function keyword(token: Token | undefined): string | undefined {
  return token?.kind === "word" ? token.text.toUpperCase() : undefined;
}

/** SQLite's IdChar: letters, digits, `_`, `$` and every non-ASCII character. */
function isIdChar(char: string | undefined): boolean {
  return char !== undefined && (/[A-Za-z0-9_$]/.test(char) || char.charCodeAt(0) >= 0x80);
}

function isSpace(char: string | undefined): boolean {
  return char === " " || char === "\t" || char === "\n" || char === "\f" || char === "\r";
}

function* tokenize(sql: string): Generator<Token> {
  let i = 0;
  while (i < sql.length) {
    const start = i;
    const char = sql[i]!;
    const next = sql[i + 1];
    let kind: TokenKind;
    if (isSpace(char)) {
      while (isSpace(sql[i])) i++;
      kind = "space";
    } else if (char === "-" && next === "-") {
      const end = sql.indexOf("\n", i);
      i = end < 0 ? sql.length : end + 1;
      kind = "space";
    } else if (char === "/" && next === "*") {
      const end = sql.indexOf("*/", i + 2);
      i = end < 0 ? sql.length : end + 2;
      kind = "space";
    } else if (char === "'" || char === '"' || char === "`") {
      i = endOfQuoted(sql, i, char);
      kind = "quoted";
    } else if (char === "[") {
      const end = sql.indexOf("]", i);
      i = end < 0 ? sql.length : end + 1;
      kind = "quoted";
    } else if (char === ";") {
      i++;
      kind = "semi";
    } else if (char === "?") {
      i++;
      while (/[0-9]/.test(sql[i] ?? "")) i++;
      kind = "param";
    } else if (char === ":" || char === "@" || char === "$" || char === "#") {
      i = endOfVariable(sql, i);
      kind = i > start + 1 ? "param" : "punct"; // a lone `:` is just punctuation (and a syntax error)
    } else if (isIdChar(char)) {
      while (isIdChar(sql[i])) i++;
      kind = "word";
    } else {
      i++;
      kind = "punct";
    }
    yield { kind, text: sql.slice(start, i) };
  }
}

/** Quotes are escaped by doubling them: 'it''s'. An unterminated literal runs to the end. */
function endOfQuoted(sql: string, start: number, quote: string): number {
  let i = start + 1;
  for (;;) {
    const end = sql.indexOf(quote, i);
    if (end < 0) return sql.length;
    if (sql[end + 1] !== quote) return end + 1;
    i = end + 2;
  }
}

/** `:name`, `@name`, `$name`, `#name`, with SQLite's TCL-style extras (`$a::b`, `$a(b)`). */
function endOfVariable(sql: string, start: number): number {
  let i = start + 1;
  let length = 0;
  while (i < sql.length) {
    const char = sql[i];
    if (isIdChar(char)) {
      length++;
      i++;
    } else if (char === "(" && length > 0) {
      while (i < sql.length && !isSpace(sql[i]) && sql[i] !== ")") i++;
      return sql[i] === ")" ? i + 1 : i;
    } else if (char === ":" && sql[i + 1] === ":") {
      i += 2;
    } else {
      break;
    }
  }
  return length > 0 ? i : start + 1;
}

// ---------------------------------------------------------------------------------------------
// Statement boundaries: the state machine of SQLite's sqlite3_complete() (complete.c)

/** States: 0 invalid, 1 start, 2 normal, 3 explain, 4 create, 5 trigger, 6 semi, 7 end. */
const START = 1;

/** Token classes, the columns of TRANSITIONS. */
const CLASS = { semi: 0, space: 1, other: 2, explain: 3, create: 4, temp: 5, trigger: 6, end: 7 } as const;

/** TRANSITIONS[state][token class] → next state. A `;` that leads to START ends a statement. */
const TRANSITIONS: readonly (readonly number[])[] = [
  /* 0 invalid */ [1, 0, 2, 3, 4, 2, 2, 2],
  /* 1 start   */ [1, 1, 2, 3, 4, 2, 2, 2],
  /* 2 normal  */ [1, 2, 2, 2, 2, 2, 2, 2],
  /* 3 explain */ [1, 3, 3, 2, 4, 2, 2, 2],
  /* 4 create  */ [1, 4, 2, 2, 2, 4, 5, 2],
  /* 5 trigger */ [6, 5, 5, 5, 5, 5, 5, 5],
  /* 6 semi    */ [6, 6, 5, 5, 5, 5, 5, 7],
  /* 7 end     */ [1, 7, 5, 5, 5, 5, 5, 5],
];

function completeClass(token: Token): number {
  if (token.kind === "semi") return CLASS.semi;
  if (token.kind === "space") return CLASS.space;
  switch (keyword(token)) {
    case "EXPLAIN":
      return CLASS.explain;
    case "CREATE":
      return CLASS.create;
    case "TEMP":
    case "TEMPORARY":
      return CLASS.temp;
    case "TRIGGER":
      return CLASS.trigger;
    case "END":
      return CLASS.end;
    default:
      return CLASS.other;
  }
}
