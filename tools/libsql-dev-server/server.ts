/**
 * A local libSQL server over a SQLite file, speaking Turso's Hrana-over-HTTP protocol (JSON), so
 * the real `@libsql/client` — and `@libsql/client/web` inside a Worker — can use an
 * `http://127.0.0.1:PORT` URL in development exactly as they use Turso in production.
 *
 *   npm run db:serve      # DATABASE_FILE, DB_SERVER_PORT, DB_SERVER_HOST
 *
 * A development and test tool, not part of the app (ADR 0015): see README.md beside this file.
 *
 * Endpoints: GET /v2 and /v3 (version probes), POST /v2/pipeline, /v3/pipeline, /v3/cursor,
 * GET /health. Protobuf endpoints (/v3-protobuf/...) answer 404, which makes clients use JSON.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { mkdirSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import Database from "libsql";
import * as z from "zod";
import {
  assertSupportedByVersion,
  cursorRequestSchema,
  encodeJson,
  HttpError,
  parseRequestBody,
  pipelineRequestSchema,
  type ProtocolVersion,
} from "./hrana";
import { HranaStream } from "./hrana-stream";

export interface DevServerOptions {
  /** Path of the SQLite file; created (with its directory) when missing. */
  file: string;
  /** 0 picks a free port. Default 8080. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** When set, pipeline/cursor requests need `Authorization: Bearer <authToken>`. */
  authToken?: string;
  /** Streams idle longer than this are closed and their transaction rolled back. Default 10 s, as sqld. */
  streamIdleTimeoutMs?: number;
  /** How long a statement waits for another connection's write lock. Default 5 s. */
  busyTimeoutMs?: number;
  /** Told of every HTTP request as it arrives: tests and benchmarks count a client's round trips with it. */
  onRequest?: (request: { method: string; path: string }) => void;
}

export interface DevServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 64 * 1024 * 1024;

export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const file = resolve(options.file);
  mkdirSync(dirname(file), { recursive: true });

  // WAL lets readers proceed while a stream holds the write lock. This connection stays open for
  // the server's lifetime; otherwise every stream closing the last connection would checkpoint
  // and delete the WAL file, and the next one recreate it.
  const keeper = new Database(file);
  try {
    keeper.prepare("PRAGMA journal_mode = WAL").raw(true).all();
  } catch (error) {
    keeper.close();
    throw error;
  }

  const streams = new StreamRegistry(file, {
    idleTimeoutMs: options.streamIdleTimeoutMs ?? 10_000,
    busyTimeoutMs: options.busyTimeoutMs ?? 5_000,
  });
  const checkAuth = authChecker(options.authToken);

  const server = createServer((req, res) => {
    handleRequest(req, res).catch((error: unknown) => sendError(res, error));
  });
  // Node closes idle keep-alive sockets after 5 s, racing clients (workerd's fetch) that reuse one
  // at that moment: their request fails with "Network connection lost". sqld keeps them far longer.
  server.keepAliveTimeout = 120_000;

  async function handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { pathname } = new URL(req.url ?? "/", "http://localhost");
    options.onRequest?.({ method: req.method ?? "GET", path: pathname });
    const route = ROUTES[pathname];
    if (!route) throw new HttpError(404, "NOT_FOUND", `No such endpoint: ${pathname}`);
    if (req.method !== route.method) {
      res.setHeader("allow", route.method);
      throw new HttpError(405, "METHOD_NOT_ALLOWED", `${pathname} only accepts ${route.method}`);
    }
    switch (route.action) {
      case "hello":
        return sendText(res, 200, "Hello, this is the libSQL dev server (Hrana over HTTP v2 and v3, JSON)\n");
      case "health":
        keeper.prepare("SELECT 1").raw(true).all();
        return sendJson(res, 200, { status: "ok" });
      case "pipeline":
        checkAuth(req);
        return handlePipeline(res, await readJson(req), route.version);
      case "cursor":
        checkAuth(req);
        return handleCursor(res, await readJson(req));
    }
  }

  async function handlePipeline(res: ServerResponse, json: unknown, version: ProtocolVersion): Promise<void> {
    const body = parseRequestBody(pipelineRequestSchema, json);
    assertSupportedByVersion(body.requests, version);
    const { value: results, baton } = await streams.use(body.baton, async (stream) => {
      const results = [];
      for (const request of body.requests) results.push(await stream.handle(request));
      return results;
    });
    sendJson(res, 200, { baton, base_url: null, results });
  }

  /** Hrana 3 cursor: one JSON line `{baton, base_url}`, then one line per cursor entry. */
  async function handleCursor(res: ServerResponse, json: unknown): Promise<void> {
    const body = parseRequestBody(cursorRequestSchema, json);
    // The batch runs to completion before responding: its results are in memory anyway, and the
    // response must start with the baton that is only issued once the stream is released.
    const { value: entries, baton } = await streams.use(body.baton, (stream) => stream.cursor(body.batch));
    const lines = [{ baton, base_url: null }, ...entries].map((item) => `${encodeJson(item)}\n`);
    res.writeHead(200, { "content-type": "text/plain" }); // what sqld sends for JSON cursors
    res.end(lines.join(""));
  }

  await new Promise<void>((resolveListen, rejectListen) => {
    server.once("error", rejectListen);
    server.listen(options.port ?? 8080, options.host ?? "127.0.0.1", () => {
      server.off("error", rejectListen);
      resolveListen();
    });
  }).catch((error: unknown) => {
    streams.closeAll();
    keeper.close();
    throw error;
  });

  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost(options.host ?? "127.0.0.1")}:${port}`,
    port,
    close() {
      closing ??= new Promise<void>((resolveClose) => {
        server.close(() => resolveClose());
        // Keep-alive sockets (fetch reuses them) would otherwise hold close() open.
        server.closeAllConnections();
        streams.closeAll();
        keeper.close();
      });
      return closing;
    },
  };
}

type Route =
  | { method: "GET"; action: "hello" | "health" }
  | { method: "POST"; action: "pipeline"; version: ProtocolVersion }
  | { method: "POST"; action: "cursor" };

const ROUTES: Partial<Record<string, Route>> = {
  "/": { method: "GET", action: "hello" },
  "/health": { method: "GET", action: "health" },
  "/v2": { method: "GET", action: "hello" },
  "/v3": { method: "GET", action: "hello" },
  "/v2/pipeline": { method: "POST", action: "pipeline", version: 2 },
  "/v3/pipeline": { method: "POST", action: "pipeline", version: 3 },
  "/v3/cursor": { method: "POST", action: "cursor" },
};

// ---------------------------------------------------------------------------------------------
// Streams and batons

interface StreamEntry {
  stream: HranaStream;
  /** The only baton that may address this stream next; rotated on every request. */
  baton: string | undefined;
  busy: boolean;
  idleTimer: NodeJS.Timeout | undefined;
  /** Tail of this stream's queue: requests on one stream never interleave. */
  queue: Promise<unknown>;
}

type RetiredReason = "used" | "expired";

/** How many spent batons to remember, to tell "expired" and "already used" from "unknown". */
const RETIRED_LIMIT = 10_000;

class StreamRegistry {
  readonly #byBaton = new Map<string, StreamEntry>();
  readonly #entries = new Set<StreamEntry>();
  readonly #retired = new Map<string, RetiredReason>();
  readonly #file: string;
  readonly #options: { idleTimeoutMs: number; busyTimeoutMs: number };

  constructor(file: string, options: { idleTimeoutMs: number; busyTimeoutMs: number }) {
    this.#file = file;
    this.#options = options;
  }

  /**
   * Run `work` on the stream named by `baton` (a new stream when there is none), then hand out the
   * baton for the next request — or `null` once the stream is closed.
   */
  async use<T>(baton: string | null | undefined, work: (stream: HranaStream) => Promise<T>): Promise<{ value: T; baton: string | null }> {
    const entry = baton == null ? this.#open() : this.#lookup(baton);
    const run = entry.queue.then(async () => {
      // A request queued behind another one on the same baton finds it already spent.
      if (baton != null && entry.baton !== baton) throw this.#batonError(baton);
      this.#release(entry.baton, "used");
      entry.baton = undefined;
      entry.busy = true;
      clearTimeout(entry.idleTimer);
      let value: T;
      try {
        value = await work(entry.stream);
      } catch (error) {
        // Unexpected failure: the stream's state is unknown, so end it (as sqld does).
        entry.stream.close();
        throw error;
      } finally {
        entry.busy = false;
        if (entry.stream.closed) this.#entries.delete(entry);
      }
      return { value, baton: entry.stream.closed ? null : this.#issueBaton(entry) };
    });
    entry.queue = run.catch(() => undefined);
    return run;
  }

  closeAll(): void {
    for (const entry of this.#entries) {
      clearTimeout(entry.idleTimer);
      entry.stream.close();
    }
    this.#entries.clear();
    this.#byBaton.clear();
  }

  #open(): StreamEntry {
    const stream = new HranaStream(this.#file, { busyTimeoutMs: this.#options.busyTimeoutMs });
    const entry: StreamEntry = { stream, baton: undefined, busy: false, idleTimer: undefined, queue: Promise.resolve() };
    this.#entries.add(entry);
    return entry;
  }

  #lookup(baton: string): StreamEntry {
    const entry = this.#byBaton.get(baton);
    if (!entry) throw this.#batonError(baton);
    return entry;
  }

  #issueBaton(entry: StreamEntry): string {
    // Random and only valid server-side: unguessable without signing anything.
    const baton = randomBytes(24).toString("base64url");
    entry.baton = baton;
    this.#byBaton.set(baton, entry);
    entry.idleTimer = setTimeout(() => this.#expire(entry), this.#options.idleTimeoutMs);
    entry.idleTimer.unref();
    return baton;
  }

  #expire(entry: StreamEntry): void {
    if (entry.busy) return;
    this.#release(entry.baton, "expired");
    this.#entries.delete(entry);
    entry.stream.close();
  }

  #release(baton: string | undefined, reason: RetiredReason): void {
    if (baton === undefined) return;
    this.#byBaton.delete(baton);
    this.#retired.set(baton, reason);
    if (this.#retired.size > RETIRED_LIMIT) this.#retired.delete(this.#retired.keys().next().value!);
  }

  #batonError(baton: string): HttpError {
    switch (this.#retired.get(baton)) {
      case "expired":
        return new HttpError(
          400,
          "STREAM_EXPIRED",
          `The stream expired after ${this.#options.idleTimeoutMs / 1000} s without requests; its open transaction, if any, was rolled back`,
        );
      case "used":
        return new HttpError(400, "BATON_REUSED", "This baton was already used: every response carries the baton for the next request");
      default:
        return new HttpError(400, "BATON_INVALID", "Unknown baton: this server did not issue it (was it restarted?)");
    }
  }
}

// ---------------------------------------------------------------------------------------------
// HTTP helpers

function authChecker(authToken: string | undefined): (req: IncomingMessage) => void {
  if (authToken === undefined) return () => {};
  const expected = digest(`Bearer ${authToken}`);
  return (req) => {
    const header = req.headers.authorization;
    // Comparing digests keeps the comparison constant-time whatever the header's length.
    if (header === undefined || !timingSafeEqual(digest(header), expected)) {
      throw new HttpError(
        401,
        "UNAUTHORIZED",
        header === undefined ? "Missing Authorization header (expected a Bearer token)" : "Invalid auth token",
      );
    }
  };
}

function digest(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, "REQUEST_TOO_LARGE", `Request body exceeds ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch (error) {
    throw new HttpError(400, "INVALID_JSON", `Request body is not valid JSON: ${(error as Error).message}`);
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  // Exactly "application/json": the client only parses error bodies with this content type.
  const text = encodeJson(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { "content-type": "text/plain" });
  res.end(text);
}

function sendError(res: ServerResponse, error: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (error instanceof HttpError) {
    if (error.status === 401) res.setHeader("www-authenticate", "Bearer");
    return sendJson(res, error.status, error.toBody());
  }
  console.error("libSQL dev server: unexpected error", error);
  const message = error instanceof Error ? error.message : String(error);
  sendJson(res, 500, new HttpError(500, "INTERNAL_ERROR", message).toBody());
}

function urlHost(host: string): string {
  // A wildcard address is not something to connect to; loopback is.
  if (host === "0.0.0.0") return "127.0.0.1";
  if (host === "::") return "[::1]";
  return host.includes(":") ? `[${host}]` : host;
}

// ---------------------------------------------------------------------------------------------
// CLI: `tsx tools/libsql-dev-server/server.ts` / `npm run db:serve`

const cliEnvSchema = z.object({
  DATABASE_FILE: z.string().trim().min(1).default("./data/specialistly.db"),
  DB_SERVER_PORT: z
    .string()
    .trim()
    .regex(/^\d{1,5}$/, { error: "expected a port number between 0 and 65535" })
    .transform(Number)
    .refine((port) => port <= 65535, { error: "expected a port number between 0 and 65535" })
    .default(8080),
  DB_SERVER_HOST: z.string().trim().min(1).default("127.0.0.1"),
});

type CliEnv = z.infer<typeof cliEnvSchema>;

/**
 * The tool's own reading of its variables (it doesn't depend on the app's config): empty strings
 * mean "not set", as in most .env files; a bad value is reported with the variable's name.
 */
function parseCliEnv(source: Record<string, string | undefined>): { env: CliEnv } | { error: string } {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ""));
  const result = cliEnvSchema.safeParse(cleaned);
  if (result.success) return { env: result.data };
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.join(".") || "(environment)";
    const given = issue.path.length ? source[String(issue.path[0])] : undefined;
    const shown = typeof given === "string" ? ` (got ${JSON.stringify(given.length > 60 ? `${given.slice(0, 60)}…` : given)})` : "";
    return `${name} ${issue.message}${shown}`;
  });
  return { error: `Invalid configuration: ${problems.join("; ")}` };
}

async function main(): Promise<void> {
  const parsed = parseCliEnv(process.env);
  if ("error" in parsed) {
    console.error(parsed.error);
    process.exit(1);
  }
  const { env } = parsed;

  let server: DevServer;
  try {
    server = await startDevServer({ file: env.DATABASE_FILE, port: env.DB_SERVER_PORT, host: env.DB_SERVER_HOST });
  } catch (error) {
    console.error(`libSQL dev server could not start: ${(error as Error).message} (${startupHint(error)})`);
    process.exit(1);
  }
  console.log(`libSQL dev server: ${server.url} → ${env.DATABASE_FILE}`);

  const shutdown = () => void server.close().then(() => process.exit(0));
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}

/** Name the variable to fix: a failed listen is about the address, anything else about the file. */
function startupHint(error: unknown): string {
  const { code, syscall } = error as NodeJS.ErrnoException;
  if (code === "EADDRINUSE") return "the port is taken: set DB_SERVER_PORT to another one";
  if (syscall === "listen" || syscall === "getaddrinfo") return "check DB_SERVER_HOST and DB_SERVER_PORT";
  return "check DATABASE_FILE";
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  void main();
}
