import * as z from "zod";

// Parsed once per process (Node) or per isolate (Workers) and passed through the load context.

// Not URL.canParse: in the Worker's type check, @libsql/core pulls in Node's URL typings, which
// shadow the runtime's and lack it.
function isParsableUrl(value: string): boolean {
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

/** Bytes a strict base64 string decodes to; -1 when it isn't base64. */
function decodedLength(value: string): number {
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(value)) return -1;
  return (value.length / 4) * 3 - (value.endsWith("==") ? 2 : value.endsWith("=") ? 1 : 0);
}

const booleanFlag = z
  .enum(["true", "false", "1", "0"], { error: 'expected "true" or "false"' })
  .transform((value) => value === "true" || value === "1");

const databaseUrl = z
  .string({ error: "expected a URL" })
  .trim()
  .refine((value) => /^(file:|libsql:\/\/|https?:\/\/|wss?:\/\/)/.test(value), {
    error: "expected a file:, libsql://, http(s):// or ws(s):// URL",
  })
  .refine((value) => !/^(libsql|https?|wss?):\/\//.test(value) || isParsableUrl(value), {
    error: "is not a valid URL",
  });

export const appEnvSchema = z.object({
  NODE_ENV: z
    .enum(["development", "production", "test"], { error: 'expected "development", "production" or "test"' })
    .default("development"),
  DATABASE_URL: databaseUrl.default("file:./data/specialistly.db"),
  DATABASE_AUTH_TOKEN: z.string().trim().min(1).optional(),
  DATABASE_SYNC_URL: z
    .string()
    .trim()
    .refine((value) => /^(libsql|https?):\/\//.test(value) && isParsableUrl(value), {
      error: "expected a libsql:// or https:// URL of the Turso primary",
    })
    .optional(),
  /** Default: on in development and test, off in production (see checkAppEnv). */
  SEED_DEMO_DATA: booleanFlag.optional(),
  APP_URL: z
    .string()
    .trim()
    .refine((value) => /^https?:\/\//.test(value) && isParsableUrl(value), {
      error: "expected the public http(s) origin of the app, e.g. https://specialistly.example",
    })
    .transform((value) => new URL(value).origin)
    .optional(),
  GOOGLE_CLIENT_ID: z.string().trim().min(1).optional(),
  GOOGLE_CLIENT_SECRET: z.string().trim().min(1).optional(),
  GOOGLE_AUTHORIZATION_URL: z.url({ error: "expected an http(s) URL" }).default("https://accounts.google.com/o/oauth2/v2/auth"),
  GOOGLE_TOKEN_URL: z.url({ error: "expected an http(s) URL" }).default("https://oauth2.googleapis.com/token"),
  /** Google's token revocation endpoint, for disconnecting Google Calendar; the stand-in's in tests. */
  GOOGLE_REVOKE_URL: z.url({ protocol: /^https?$/, error: "expected an http(s) URL" }).default("https://oauth2.googleapis.com/revoke"),
  /** Google Calendar API v3 base (same Google OAuth client as sign-in). */
  GOOGLE_CALENDAR_API_URL: z
    .url({ protocol: /^https?$/, error: "expected an http(s) URL" })
    .transform((value) => value.replace(/\/+$/, ""))
    .default("https://www.googleapis.com/calendar/v3"),
  /** The daily exchange-rate feed (ECB format); the cron keeps the last good rates when it fails. */
  FX_RATES_URL: z
    .url({ protocol: /^https?$/, error: "expected an http(s) URL of an ECB-format daily rates feed" })
    .default("https://www.ecb.europa.eu/stats/eurofxref/eurofxref-daily.xml"),
  /** SendGrid v3 Mail Send; without a key (and MAIL_FROM), mail goes to the local outbox. */
  SENDGRID_API_KEY: z.string().trim().min(1).optional(),
  /** The sender: "Name <address@example.com>" or a bare address (a verified SendGrid sender). */
  MAIL_FROM: z
    .string()
    .trim()
    .refine((value) => /^(?:[^<>]*<\s*[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+\s*>|[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+)$/.test(value), {
      error: 'expected an email address or "Name <address@example.com>"',
    })
    .optional(),
  SENDGRID_API_URL: z.url({ protocol: /^https?$/, error: "expected an http(s) URL" }).default("https://api.sendgrid.com"),
  /** The Event Webhook's verification key (base64 DER, from SendGrid's Mail Settings); without it /webhooks/sendgrid is off. */
  SENDGRID_WEBHOOK_PUBLIC_KEY: z.string().trim().min(1).optional(),
  /** Twilio Messages API; without the account SID and token, text messages go to the local outbox. */
  TWILIO_ACCOUNT_SID: z
    .string()
    .trim()
    .regex(/^AC[0-9a-fA-F]{32}$/, { error: "expected an Account SID: AC followed by 32 hex digits" })
    .optional(),
  TWILIO_AUTH_TOKEN: z.string().trim().min(1).optional(),
  /** The sending number (E.164) … */
  TWILIO_FROM: z
    .string()
    .trim()
    .regex(/^\+[1-9]\d{6,14}$/, { error: "expected an E.164 phone number such as +14155550100" })
    .optional(),
  /** … or a Messaging Service that picks one. */
  TWILIO_MESSAGING_SERVICE_SID: z
    .string()
    .trim()
    .regex(/^MG[0-9a-fA-F]{32}$/, { error: "expected a Messaging Service SID: MG followed by 32 hex digits" })
    .optional(),
  TWILIO_API_URL: z.url({ protocol: /^https?$/, error: "expected an http(s) URL" }).default("https://api.twilio.com"),
  /** Stripe: with a secret key, payments, refunds and payouts go through Stripe; without, the labelled test checkout. */
  STRIPE_SECRET_KEY: z
    .string()
    .trim()
    .regex(/^(sk|rk)_(test|live)_[0-9A-Za-z_]+$/, {
      error: "expected a Stripe secret key: sk_test_…, sk_live_… (or a restricted rk_… key)",
    })
    .optional(),
  /** The signing secret of the /webhooks/stripe endpoint (account events). */
  STRIPE_WEBHOOK_SECRET: z
    .string()
    .trim()
    .regex(/^whsec_[0-9A-Za-z_+/=]+$/, { error: "expected a webhook signing secret: whsec_…" })
    .optional(),
  /** The signing secret of a second endpoint for connected accounts' events (Connect), when it is a separate one. */
  STRIPE_CONNECT_WEBHOOK_SECRET: z
    .string()
    .trim()
    .regex(/^whsec_[0-9A-Za-z_+/=]+$/, { error: "expected a webhook signing secret: whsec_…" })
    .optional(),
  /** Another Stripe API base, e.g. the local stand-in (http://127.0.0.1:12111). */
  STRIPE_API_URL: z.url({ protocol: /^https?$/, error: "expected an http(s) URL" }).optional(),
  /** The platform's share of each paid session, in basis points (2000 = 20 %). */
  PLATFORM_FEE_BPS: z.coerce
    .number({ error: "expected a whole number of basis points from 0 to 10000 (2000 = 20 %)" })
    .int({ error: "expected a whole number of basis points from 0 to 10000 (2000 = 20 %)" })
    .min(0, { error: "expected a whole number of basis points from 0 to 10000 (2000 = 20 %)" })
    .max(10_000, { error: "expected a whole number of basis points from 0 to 10000 (2000 = 20 %)" })
    .default(2000),
  /**
   * Encrypts third-party tokens at rest (AES-256-GCM): 32 random bytes in base64
   * (`openssl rand -base64 32`). Without it, connecting Zoom is unavailable.
   */
  ENCRYPTION_KEY: z
    .string()
    .trim()
    .refine((value) => decodedLength(value) === 32, {
      error: "expected 32 random bytes in base64 (openssl rand -base64 32)",
    })
    .optional(),
  /** A Zoom OAuth app (General app, user-managed) that lets specialists connect their Zoom account. */
  ZOOM_CLIENT_ID: z.string().trim().min(1).optional(),
  ZOOM_CLIENT_SECRET: z.string().trim().min(1).optional(),
  /** Zoom's OAuth origin (authorize and token endpoints under /oauth/); the stand-in's in tests. */
  ZOOM_OAUTH_URL: z
    .url({ protocol: /^https?$/, error: "expected an http(s) URL" })
    .transform((value) => new URL(value).origin)
    .default("https://zoom.us"),
  /** Zoom's REST API base. */
  ZOOM_API_URL: z
    .url({ protocol: /^https?$/, error: "expected an http(s) URL" })
    .transform((value) => value.replace(/\/+$/, ""))
    .default("https://api.zoom.us/v2"),
  ZOOM_WEBHOOK_SECRET_TOKEN: z.string().trim().min(1).optional(),
  /**
   * Signs the API's 15-minute access tokens (HMAC-SHA256), at least 32 characters. Without it a
   * random key is generated once and kept in the database, which is as safe; set it to manage
   * the key yourself (changing it signs every API client out).
   */
  API_TOKEN_SECRET: z.string().min(32, { error: "must be at least 32 characters (openssl rand -base64 32)" }).optional(),
  /** Origins whose browser code may call /api/v1 (CORS), comma-separated, e.g. `https://app.example.com`. None when unset. */
  API_CORS_ORIGINS: z
    .string()
    .default("")
    .transform((value) =>
      value
        .split(",")
        .map((origin) => origin.trim())
        .filter(Boolean),
    )
    .pipe(
      z.array(
        z.string().refine((origin) => URL.canParse(origin) && new URL(origin).origin === origin, {
          error: "expected a comma-separated list of origins like https://app.example.com (scheme, host and port only)",
        }),
      ),
    ),
  /**
   * Lets outgoing webhook endpoints use http: and local or private hosts: for local development
   * and tests only, since it lets anyone who registers an endpoint make the server call inside its network.
   */
  WEBHOOK_ALLOW_INSECURE_URLS: booleanFlag.default(false),
  /** Signs the test payment provider's events; a fixed default (with a warning in production) when unset. */
  TEST_PAYMENTS_SECRET: z.string().min(16, { error: "must be at least 16 characters" }).optional(),
});

type ParsedAppEnv = z.infer<typeof appEnvSchema>;

/** The parsed variables with the defaults that depend on NODE_ENV filled in. */
type WithEnvironmentDefaults<E extends ParsedAppEnv> = Omit<E, "SEED_DEMO_DATA"> & { SEED_DEMO_DATA: boolean };

export type AppEnv = WithEnvironmentDefaults<ParsedAppEnv>;

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Parse `source` with `schema`; on failure throw one ConfigError naming each bad variable. */
export function parseConfig<S extends z.ZodType>(schema: S, source: Record<string, unknown>): z.infer<S> {
  // Empty strings mean "not set", as in most .env files.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ""));
  const result = schema.safeParse(cleaned);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.join(".") || "(environment)";
    const given = issue.path.length ? source[String(issue.path[0])] : undefined;
    const shown = typeof given === "string" ? ` (got ${JSON.stringify(given.length > 60 ? `${given.slice(0, 60)}…` : given)})` : "";
    return `${name} ${issue.message}${shown}`;
  });
  throw new ConfigError(`Invalid configuration: ${problems.join("; ")}`);
}

/** Cross-variable rules and defaults that a per-variable schema cannot express. */
export function checkAppEnv<E extends ParsedAppEnv>(env: E): WithEnvironmentDefaults<E> {
  if (Boolean(env.GOOGLE_CLIENT_ID) !== Boolean(env.GOOGLE_CLIENT_SECRET)) {
    throw new ConfigError(
      "Invalid configuration: GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET must be set together (or neither, to hide Google sign-in)",
    );
  }
  if (Boolean(env.ZOOM_CLIENT_ID) !== Boolean(env.ZOOM_CLIENT_SECRET)) {
    throw new ConfigError(
      "Invalid configuration: ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET must be set together (or neither, to leave Zoom unavailable)",
    );
  }
  if (env.SENDGRID_API_KEY && !env.MAIL_FROM) {
    throw new ConfigError("Invalid configuration: SENDGRID_API_KEY needs MAIL_FROM, the verified sender address mail goes out from");
  }
  if (Boolean(env.TWILIO_ACCOUNT_SID) !== Boolean(env.TWILIO_AUTH_TOKEN)) {
    throw new ConfigError(
      "Invalid configuration: TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN must be set together (or neither, to keep text messages in the outbox)",
    );
  }
  if (env.TWILIO_ACCOUNT_SID && !env.TWILIO_FROM && !env.TWILIO_MESSAGING_SERVICE_SID) {
    throw new ConfigError(
      "Invalid configuration: Twilio needs TWILIO_FROM (a number in E.164) or TWILIO_MESSAGING_SERVICE_SID to send from",
    );
  }
  if (env.TWILIO_ACCOUNT_SID && !env.APP_URL) {
    throw new ConfigError(
      "Invalid configuration: Twilio needs APP_URL, the public origin its delivery callbacks are sent to and signed for",
    );
  }
  if (env.STRIPE_SECRET_KEY && !env.STRIPE_WEBHOOK_SECRET) {
    throw new ConfigError(
      "Invalid configuration: STRIPE_SECRET_KEY needs STRIPE_WEBHOOK_SECRET, the signing secret of the /webhooks/stripe endpoint (payments are confirmed by its events)",
    );
  }
  if (!env.STRIPE_SECRET_KEY && (env.STRIPE_WEBHOOK_SECRET || env.STRIPE_CONNECT_WEBHOOK_SECRET || env.STRIPE_API_URL)) {
    throw new ConfigError(
      "Invalid configuration: STRIPE_WEBHOOK_SECRET, STRIPE_CONNECT_WEBHOOK_SECRET and STRIPE_API_URL need STRIPE_SECRET_KEY",
    );
  }
  if (env.DATABASE_SYNC_URL && !env.DATABASE_URL.startsWith("file:")) {
    throw new ConfigError("Invalid configuration: DATABASE_SYNC_URL needs DATABASE_URL to be a file: URL (the embedded replica)");
  }
  // Demo accounts share a password printed in the README: production gets them only when asked.
  return { ...env, SEED_DEMO_DATA: env.SEED_DEMO_DATA ?? env.NODE_ENV !== "production" };
}

export function parseAppEnv(source: Record<string, unknown>): AppEnv {
  return checkAppEnv(parseConfig(appEnvSchema, source));
}
