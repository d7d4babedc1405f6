import qs from "qs";

// Stripe's request format (form-encoded, `a[b][0][c]=…`) and its error shape, with the checks the
// API makes on the kinds of parameter the app sends: integers, booleans, enums, URLs, metadata.

export type Params = Record<string, unknown>;

/** Stripe's error object, as the API puts it under `error`. */
export interface StripeErrorBody {
  type: "invalid_request_error" | "api_error" | "card_error" | "idempotency_error" | "rate_limit_error";
  message: string;
  code?: string;
  param?: string;
  doc_url?: string;
}

/** Thrown by handlers; the server turns it into Stripe's error response. */
export class StripeApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: StripeErrorBody,
  ) {
    super(body.message);
  }
}

export function invalid(param: string | undefined, message: string, code?: string, status = 400): StripeApiError {
  return new StripeApiError(status, {
    type: "invalid_request_error",
    message,
    ...(code ? { code, doc_url: `https://stripe.com/docs/error-codes/${code.replaceAll("_", "-")}` } : {}),
    ...(param ? { param } : {}),
  });
}

export function missing(objectName: string, id: string, param: string): StripeApiError {
  return invalid(param, `No such ${objectName}: '${id}'`, "resource_missing", 404);
}

export function parseForm(body: string): Params {
  return qs.parse(body, { depth: 10, arrayLimit: 1000, parameterLimit: 10_000 });
}

const isRecord = (value: unknown): value is Params => typeof value === "object" && value !== null && !Array.isArray(value);

/** Stripe refuses a parameter it doesn't know: this catches the app's typos as the real API would. */
export function allowOnly(params: unknown, allowed: AllowTree, prefix = ""): void {
  if (!isRecord(params) && !Array.isArray(params)) return;
  const entries = Array.isArray(params) ? params.map((value, index) => [String(index), value] as const) : Object.entries(params);
  for (const [key, value] of entries) {
    const path = prefix ? `${prefix}[${key}]` : key;
    const rule = Array.isArray(params) ? allowed["*"] : (allowed[key] ?? allowed["*"]);
    if (rule === undefined) throw invalid(path, `Received unknown parameter: ${path}`, "parameter_unknown");
    if (rule !== true) allowOnly(value, rule, path);
  }
}
export interface AllowTree {
  [key: string]: AllowTree | true;
}

export function requireParam(params: Params, name: string, label = name): unknown {
  const value = params[name];
  if (value === undefined || value === "") throw invalid(label, `Missing required param: ${label}.`, "parameter_missing");
  return value;
}

export function string(value: unknown, param: string): string {
  if (typeof value !== "string") throw invalid(param, `Invalid string: ${JSON.stringify(value)}`);
  return value;
}

export function optionalString(value: unknown, param: string): string | null {
  return value === undefined || value === "" ? null : string(value, param);
}

/** Stripe's integers arrive as decimal strings; anything else (12.5, 1e3, "") is refused. */
export function integer(value: unknown, param: string, { min = 0 }: { min?: number } = {}): number {
  if (typeof value !== "string" || !/^-?\d+$/.test(value)) throw invalid(param, `Invalid integer: ${String(value)}`);
  const number = Number(value);
  if (!Number.isSafeInteger(number)) throw invalid(param, `Invalid integer: ${value}`);
  if (number < min) {
    throw invalid(param, min === 1 ? `Invalid positive integer` : `This value must be greater than or equal to ${min}.`);
  }
  return number;
}

export function boolean(value: unknown, param: string): boolean {
  if (value === "true") return true;
  if (value === "false") return false;
  throw invalid(param, `Invalid boolean: ${String(value)}`);
}

export function oneOf<T extends string>(value: unknown, allowed: readonly T[], param: string): T {
  if (typeof value === "string" && (allowed as readonly string[]).includes(value)) return value as T;
  const list = allowed.length > 1 ? `${allowed.slice(0, -1).join(", ")}, or ${allowed.at(-1)}` : allowed[0];
  throw invalid(param, `Invalid ${param}: must be one of ${list}`);
}

export function url(value: unknown, param: string): string {
  const text = string(value, param);
  try {
    const parsed = new URL(text);
    if (parsed.protocol === "http:" || parsed.protocol === "https:") return text;
  } catch {
    // falls through to Stripe's message
  }
  throw invalid(param, "Not a valid URL", "url_invalid");
}

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export function email(value: unknown, param: string): string {
  const text = string(value, param);
  if (!emailPattern.test(text)) throw invalid(param, `Invalid email address: ${text}`, "email_invalid");
  return text;
}

/** Stripe's metadata limits: 50 keys, key ≤ 40 characters, value ≤ 500 characters. */
export function metadata(value: unknown, param: string): Record<string, string> {
  if (value === undefined || value === "") return {};
  if (!isRecord(value)) throw invalid(param, "Invalid object");
  const entries = Object.entries(value);
  if (entries.length > 50) throw invalid(param, "You can specify up to 50 keys in metadata.");
  const result: Record<string, string> = {};
  for (const [key, item] of entries) {
    if (key.length > 40) throw invalid(`${param}[${key}]`, "Metadata keys can have up to 40 characters.");
    if (typeof item !== "string") throw invalid(`${param}[${key}]`, "Invalid string");
    if (item.length > 500) throw invalid(`${param}[${key}]`, "Metadata values can have up to 500 characters.");
    if (item !== "") result[key] = item;
  }
  return result;
}

export function record(value: unknown, param: string): Params {
  if (value === undefined) return {};
  if (!isRecord(value)) throw invalid(param, "Invalid object");
  return value;
}

export function list(value: unknown, param: string): unknown[] {
  if (Array.isArray(value)) return value;
  // qs turns a sparse or long list into an object keyed by index
  if (isRecord(value) && Object.keys(value).every((key) => /^\d+$/.test(key))) {
    return Object.keys(value)
      .sort((a, b) => Number(a) - Number(b))
      .map((key) => value[key]);
  }
  throw invalid(param, "Invalid array");
}

/** Stripe's currencies (ISO 4217, lower-case in objects); those the stand-in knows are enough for the app. */
const currencies = new Set(
  "usd eur gbp aud cad chf czk dkk hkd huf jpy mxn nok nzd pln ron sek sgd brl inr myr thb aed bgn ils krw twd zar".split(" "),
);
export function currency(value: unknown, param: string): string {
  const text = string(value, param).toLowerCase();
  if (!currencies.has(text)) {
    throw invalid(param, `Invalid currency: ${text}. Stripe currently supports these currencies: ${[...currencies].join(", ")}`);
  }
  return text;
}

/** How Stripe writes an amount in its messages, e.g. "€12.50". */
export function formatAmount(amount: number, currencyCode: string): string {
  const zeroDecimal = ["jpy", "krw"].includes(currencyCode);
  return new Intl.NumberFormat("en-US", { style: "currency", currency: currencyCode.toUpperCase() }).format(
    zeroDecimal ? amount : amount / 100,
  );
}
