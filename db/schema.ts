import { sql } from "drizzle-orm";
import {
  check,
  index,
  integer,
  primaryKey,
  real,
  sqliteTable,
  text,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";

// Instants are UTC epoch milliseconds; money is integer minor units + ISO 4217 code.
const id = () =>
  text("id")
    .primaryKey()
    .$defaultFn(() => crypto.randomUUID());
const createdAt = () =>
  integer("created_at", { mode: "timestamp_ms" })
    .notNull()
    .$defaultFn(() => new Date());
const updatedAt = () =>
  integer("updated_at", { mode: "timestamp_ms" })
    .notNull()
    .$defaultFn(() => new Date())
    .$onUpdateFn(() => new Date());

export const userRoles = ["customer", "specialist", "admin"] as const;
export type UserRole = (typeof userRoles)[number];
export const userStatuses = ["active", "suspended", "deleted"] as const;

export const users = sqliteTable(
  "users",
  {
    id: id(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    role: text("role", { enum: userRoles }).notNull().default("customer"),
    timezone: text("timezone").notNull().default("UTC"),
    status: text("status", { enum: userStatuses }).notNull().default("active"),
    emailVerifiedAt: integer("email_verified_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("users_email_unique").on(t.email),
    check("users_email_lower", sql`${t.email} = lower(${t.email})`),
  ],
);

export const sessions = sqliteTable(
  "sessions",
  {
    // The cookie carries `<id>.<secret>`; only SHA-256(secret) is stored.
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    secretHash: text("secret_hash").notNull(),
    createdAt: createdAt(),
    lastVerifiedAt: integer("last_verified_at", { mode: "timestamp_ms" }).notNull(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    userAgent: text("user_agent"),
    ipAddress: text("ip_address"),
  },
  (t) => [index("sessions_user_idx").on(t.userId), index("sessions_expires_idx").on(t.expiresAt)],
);

export const credentials = sqliteTable("credentials", {
  userId: text("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  // `scrypt$N$r$p$salt$hash`: parameters travel with the hash so they can be raised later.
  passwordHash: text("password_hash").notNull(),
  updatedAt: updatedAt(),
});

export const oauthAccounts = sqliteTable(
  "oauth_accounts",
  {
    provider: text("provider").notNull(),
    providerUserId: text("provider_user_id").notNull(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.provider, t.providerUserId] }), index("oauth_accounts_user_idx").on(t.userId)],
);

export const verificationPurposes = ["verify_email", "reset_password", "change_email"] as const;
export type VerificationPurpose = (typeof verificationPurposes)[number];

// Single-use, expiring tokens sent by email; only SHA-256 of the secret is stored.
export const verificationTokens = sqliteTable(
  "verification_tokens",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    purpose: text("purpose", { enum: verificationPurposes }).notNull(),
    secretHash: text("secret_hash").notNull(),
    /** For change_email: the address being verified. */
    email: text("email").notNull(),
    createdAt: createdAt(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    usedAt: integer("used_at", { mode: "timestamp_ms" }),
  },
  (t) => [index("verification_tokens_user_idx").on(t.userId, t.purpose)],
);

// One row per counted attempt; a sliding window counts the rows younger than the window.
export const rateLimitHits = sqliteTable(
  "rate_limit_hits",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    key: text("key").notNull(),
    at: integer("at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("rate_limit_hits_key_at_idx").on(t.key, t.at)],
);

// Mail that was not handed to a provider: listed at /dev/outbox outside production.
export const outboxEmails = sqliteTable(
  "outbox_emails",
  {
    id: id(),
    to: text("to").notNull(),
    subject: text("subject").notNull(),
    html: text("html").notNull(),
    text: text("text").notNull(),
    template: text("template").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("outbox_emails_to_idx").on(t.to, t.createdAt)],
);

export const approvalStatuses = ["pending", "approved", "rejected"] as const;

export const specialists = sqliteTable(
  "specialists",
  {
    id: id(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    slug: text("slug").notNull(),
    displayName: text("display_name").notNull(),
    headline: text("headline").notNull().default(""),
    bio: text("bio").notNull().default(""),
    specialties: text("specialties", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
    languages: text("languages", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
    timezone: text("timezone").notNull(),
    published: integer("published", { mode: "boolean" }).notNull().default(false),
    approval: text("approval", { enum: approvalStatuses }).notNull().default("pending"),
    stripeAccountId: text("stripe_account_id"),
    chargesEnabled: integer("charges_enabled", { mode: "boolean" }).notNull().default(false),
    ratingAvg: real("rating_avg"),
    ratingCount: integer("rating_count").notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("specialists_user_unique").on(t.userId),
    uniqueIndex("specialists_slug_unique").on(t.slug),
    index("specialists_listed_idx").on(t.published, t.approval),
  ],
);

export const sessionTypes = sqliteTable(
  "session_types",
  {
    id: id(),
    specialistId: text("specialist_id")
      .notNull()
      .references(() => specialists.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    minutes: integer("minutes").notNull(),
    priceMinor: integer("price_minor").notNull(),
    currency: text("currency").notNull(),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("session_types_specialist_idx").on(t.specialistId),
    check("session_types_minutes_range", sql`${t.minutes} between 15 and 240`),
    check("session_types_price_non_negative", sql`${t.priceMinor} >= 0`),
    check("session_types_currency_code", sql`length(${t.currency}) = 3 and ${t.currency} = upper(${t.currency})`),
  ],
);

export const jobStatuses = ["queued", "done", "failed"] as const;

// The Node runtime's durable queue (Workers use Cloudflare Queues instead).
export const jobs = sqliteTable(
  "jobs",
  {
    id: id(),
    type: text("type").notNull(),
    payload: text("payload", { mode: "json" }).$type<unknown>().notNull(),
    status: text("status", { enum: jobStatuses }).notNull().default("queued"),
    runAt: integer("run_at", { mode: "timestamp_ms" }).notNull(),
    attempts: integer("attempts").notNull().default(0),
    maxAttempts: integer("max_attempts").notNull().default(5),
    lockedUntil: integer("locked_until", { mode: "timestamp_ms" }),
    lastError: text("last_error"),
    createdAt: createdAt(),
    finishedAt: integer("finished_at", { mode: "timestamp_ms" }),
  },
  (t) => [index("jobs_due_idx").on(t.status, t.runAt)],
);

// One row per cron tick that ran, so a tick delivered twice runs once.
export const cronRuns = sqliteTable(
  "cron_runs",
  {
    name: text("name").notNull(),
    scheduledFor: integer("scheduled_for", { mode: "timestamp_ms" }).notNull(),
    startedAt: integer("started_at", { mode: "timestamp_ms" }).notNull(),
    finishedAt: integer("finished_at", { mode: "timestamp_ms" }),
    error: text("error"),
  },
  (t) => [primaryKey({ columns: [t.name, t.scheduledFor] })],
);

export type User = typeof users.$inferSelect;
export type Specialist = typeof specialists.$inferSelect;
export type SessionType = typeof sessionTypes.$inferSelect;
export type Job = typeof jobs.$inferSelect;
