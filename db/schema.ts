import { sql } from "drizzle-orm";
import {
  blob,
  check,
  index,
  integer,
  primaryKey,
  real,
  sqliteTable,
  text,
  uniqueIndex,
  type AnySQLiteColumn,
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
    /** Set when the mail provider reports a hard bounce; email stops until the address changes. */
    emailBouncedAt: integer("email_bounced_at", { mode: "timestamp_ms" }),
    emailBounceReason: text("email_bounce_reason"),
    /** E.164, validated with libphonenumber-js. */
    phone: text("phone"),
    /** When the user agreed to text messages; null = no SMS. A STOP reply clears it. */
    smsOptInAt: integer("sms_opt_in_at", { mode: "timestamp_ms" }),
    /** Set when the number replied STOP; opting in again clears it. */
    smsOptedOutAt: integer("sms_opted_out_at", { mode: "timestamp_ms" }),
    /** The secret in the user's iCalendar feed URL of their bookings; null until they ask for one, replaced on rotation. */
    calendarFeedToken: text("calendar_feed_token"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("users_email_unique").on(t.email),
    uniqueIndex("users_calendar_feed_token_unique").on(t.calendarFeedToken),
    index("users_phone_idx").on(t.phone),
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

export const connectedAccountProviders = ["zoom", "google"] as const;
export type ConnectedAccountProvider = (typeof connectedAccountProviders)[number];
export const connectedAccountStatuses = ["active", "revoked", "error"] as const;
export type ConnectedAccountStatus = (typeof connectedAccountStatuses)[number];

// A user's own account at a provider the app acts in on their behalf (Zoom meetings, Google
// Calendar). Tokens are encrypted at rest (app/integrations/token-cipher.ts); one per provider.
export const connectedAccounts = sqliteTable(
  "connected_accounts",
  {
    id: id(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    provider: text("provider", { enum: connectedAccountProviders }).notNull(),
    /** The provider's id of the account (Zoom's user id). */
    externalAccountId: text("external_account_id").notNull(),
    externalEmail: text("external_email"),
    externalName: text("external_name"),
    accessTokenEncrypted: text("access_token_encrypted").notNull(),
    refreshTokenEncrypted: text("refresh_token_encrypted").notNull(),
    accessTokenExpiresAt: integer("access_token_expires_at", { mode: "timestamp_ms" }).notNull(),
    /** Space-separated, as granted. */
    scopes: text("scopes").notNull().default(""),
    status: text("status", { enum: connectedAccountStatuses }).notNull().default("active"),
    lastError: text("last_error"),
    /** One request at a time refreshes (Zoom rotates the refresh token): it holds this lease meanwhile. */
    refreshLockedUntil: integer("refresh_locked_until", { mode: "timestamp_ms" }),
    /** Google: when the busy times of the selected calendars were last read, and why the last read failed. */
    busySyncedAt: integer("busy_synced_at", { mode: "timestamp_ms" }),
    busySyncError: text("busy_sync_error"),
    connectedAt: integer("connected_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("connected_accounts_user_provider_unique").on(t.userId, t.provider)],
);

// The calendars of a connected Google account; the selected ones count when reading busy times.
export const externalCalendars = sqliteTable(
  "external_calendars",
  {
    id: id(),
    connectedAccountId: text("connected_account_id")
      .notNull()
      .references(() => connectedAccounts.id, { onDelete: "cascade" }),
    /** The provider's calendar id (Google: "primary" or an address). */
    calendarId: text("calendar_id").notNull(),
    name: text("name").notNull(),
    isPrimary: integer("is_primary", { mode: "boolean" }).notNull().default(false),
    selected: integer("selected", { mode: "boolean" }).notNull().default(false),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("external_calendars_account_calendar_unique").on(t.connectedAccountId, t.calendarId)],
);

// Times a specialist is busy in their own calendars (Google free/busy), replaced by each sync.
// The slot engine and the booking check treat them as blocked time.
export const externalBusyTimes = sqliteTable(
  "external_busy_times",
  {
    id: id(),
    specialistId: text("specialist_id")
      .notNull()
      .references(() => specialists.id, { onDelete: "cascade" }),
    connectedAccountId: text("connected_account_id")
      .notNull()
      .references(() => connectedAccounts.id, { onDelete: "cascade" }),
    startsAt: integer("starts_at", { mode: "timestamp_ms" }).notNull(),
    endsAt: integer("ends_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    index("external_busy_times_specialist_idx").on(t.specialistId, t.startsAt),
    index("external_busy_times_account_idx").on(t.connectedAccountId),
    check("external_busy_times_range", sql`${t.startsAt} < ${t.endsAt}`),
  ],
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
    /** "sms" rows are text messages (`to` is the phone number, `subject` empty). */
    channel: text("channel", { enum: ["email", "sms"] })
      .notNull()
      .default("email"),
    /** Extra headers (List-Unsubscribe …) and attachments (.ics), as the provider would get them. */
    headers: text("headers", { mode: "json" }).$type<Record<string, string>>(),
    attachments: text("attachments", { mode: "json" }).$type<{ filename: string; contentType: string; content: string }[]>(),
    /** The sender's key for this message (a notification id): a retried delivery is kept once. */
    messageKey: text("message_key"),
    createdAt: createdAt(),
  },
  (t) => [index("outbox_emails_to_idx").on(t.to, t.createdAt), uniqueIndex("outbox_emails_message_key_unique").on(t.messageKey)],
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
    specialties: text("specialties", { mode: "json" })
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'`),
    languages: text("languages", { mode: "json" })
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'`),
    timezone: text("timezone").notNull(),
    published: integer("published", { mode: "boolean" }).notNull().default(false),
    approval: text("approval", { enum: approvalStatuses }).notNull().default("pending"),
    /** When the profile last went to admins for review (created or resubmitted); orders the approval queue. */
    approvalRequestedAt: integer("approval_requested_at", { mode: "timestamp_ms" }),
    /** The admin's decision: when, by whom, and for a rejection the reason the specialist sees. */
    approvalDecidedAt: integer("approval_decided_at", { mode: "timestamp_ms" }),
    approvalDecidedBy: text("approval_decided_by").references((): AnySQLiteColumn => users.id, { onDelete: "set null" }),
    approvalNote: text("approval_note"),
    stripeAccountId: text("stripe_account_id"),
    chargesEnabled: integer("charges_enabled", { mode: "boolean" }).notNull().default(false),
    /** The connected account's state, as Stripe last reported it (account.updated or a refresh). */
    stripeCountry: text("stripe_country"),
    stripeDetailsSubmitted: integer("stripe_details_submitted", { mode: "boolean" }).notNull().default(false),
    payoutsEnabled: integer("payouts_enabled", { mode: "boolean" }).notNull().default(false),
    /** Stripe's `requirements.currently_due`: what the specialist still has to provide. */
    stripeRequirementsDue: text("stripe_requirements_due", { mode: "json" })
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'`),
    stripeAccountSyncedAt: integer("stripe_account_synced_at", { mode: "timestamp_ms" }),
    /** An uploaded picture (PNG/JPEG/WebP, ≤ 512 KB); without one, initials are drawn. */
    avatarImage: blob("avatar_image", { mode: "buffer" }),
    avatarContentType: text("avatar_content_type"),
    /** overall sum ÷ count of published reviews; these five are kept by migration 0009's triggers on reviews. */
    ratingAvg: real("rating_avg"),
    ratingCount: integer("rating_count").notNull().default(0),
    /** Sums of the published reviews' ratings, so each average is sum ÷ rating_count. */
    ratingSum: integer("rating_sum").notNull().default(0),
    communicationSum: integer("communication_sum").notNull().default(0),
    expertiseSum: integer("expertise_sum").notNull().default(0),
    valueSum: integer("value_sum").notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("specialists_user_unique").on(t.userId),
    uniqueIndex("specialists_slug_unique").on(t.slug),
    index("specialists_listed_idx").on(t.published, t.approval),
    index("specialists_approval_queue_idx").on(t.approval, t.approvalRequestedAt),
  ],
);

export const videoProviders = ["default", "zoom", "google_meet"] as const;
export type VideoProvider = (typeof videoProviders)[number];

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
    /** Where its bookings meet: the default room link, a Zoom meeting, or a Google Calendar event with Meet, on the specialist's connected account. */
    videoProvider: text("video_provider", { enum: videoProviders }).notNull().default("default"),
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

export const refundPolicies = ["none", "percentage"] as const;

// One row per specialist; defaults are what a new specialist starts with.
export const bookingRules = sqliteTable(
  "booking_rules",
  {
    specialistId: text("specialist_id")
      .primaryKey()
      .references(() => specialists.id, { onDelete: "cascade" }),
    minNoticeMinutes: integer("min_notice_minutes").notNull().default(240),
    horizonDays: integer("horizon_days").notNull().default(60),
    bufferBeforeMinutes: integer("buffer_before_minutes").notNull().default(0),
    bufferAfterMinutes: integer("buffer_after_minutes").notNull().default(0),
    slotIntervalMinutes: integer("slot_interval_minutes").notNull().default(30),
    /** Most bookings per local day; null = no cap. */
    dailyCap: integer("daily_cap"),
    /** Cancelling or rescheduling later than this many hours before the start is "late". */
    cancellationDeadlineHours: integer("cancellation_deadline_hours").notNull().default(24),
    /** Refund for a late customer cancellation, in percent (0 = none). */
    lateCancellationRefundPercent: integer("late_cancellation_refund_percent").notNull().default(0),
    /** Which reminders go out before each session. */
    remind24h: integer("remind_24h", { mode: "boolean" }).notNull().default(true),
    remind1h: integer("remind_1h", { mode: "boolean" }).notNull().default(true),
    updatedAt: updatedAt(),
  },
  (t) => [
    check("booking_rules_min_notice", sql`${t.minNoticeMinutes} between 0 and 43200`),
    check("booking_rules_horizon", sql`${t.horizonDays} between 1 and 365`),
    check("booking_rules_buffers", sql`${t.bufferBeforeMinutes} between 0 and 240 and ${t.bufferAfterMinutes} between 0 and 240`),
    check("booking_rules_interval", sql`${t.slotIntervalMinutes} between 5 and 240`),
    check("booking_rules_daily_cap", sql`${t.dailyCap} is null or ${t.dailyCap} between 1 and 48`),
    check("booking_rules_deadline", sql`${t.cancellationDeadlineHours} between 0 and 720`),
    check("booking_rules_refund", sql`${t.lateCancellationRefundPercent} between 0 and 100`),
  ],
);

// Weekly hours in the specialist's own zone: ISO weekday (1 = Monday … 7 = Sunday), minutes after local midnight.
export const availabilityWindows = sqliteTable(
  "availability_windows",
  {
    id: id(),
    specialistId: text("specialist_id")
      .notNull()
      .references(() => specialists.id, { onDelete: "cascade" }),
    weekday: integer("weekday").notNull(),
    startMinute: integer("start_minute").notNull(),
    /** Up to 1440: a window may end at 24:00. */
    endMinute: integer("end_minute").notNull(),
  },
  (t) => [
    index("availability_windows_specialist_idx").on(t.specialistId, t.weekday),
    check("availability_windows_weekday", sql`${t.weekday} between 1 and 7`),
    check("availability_windows_range", sql`${t.startMinute} >= 0 and ${t.endMinute} <= 1440 and ${t.startMinute} < ${t.endMinute}`),
  ],
);

// A date's own hours replace its weekly windows: rows with minutes are the hours; one row
// without minutes marks the day unavailable (vacation, holiday).
export const availabilityOverrides = sqliteTable(
  "availability_overrides",
  {
    id: id(),
    specialistId: text("specialist_id")
      .notNull()
      .references(() => specialists.id, { onDelete: "cascade" }),
    /** Local date, YYYY-MM-DD, in the specialist's zone. */
    date: text("date").notNull(),
    startMinute: integer("start_minute"),
    endMinute: integer("end_minute"),
  },
  (t) => [
    index("availability_overrides_specialist_date_idx").on(t.specialistId, t.date),
    check(
      "availability_overrides_range",
      sql`(${t.startMinute} is null and ${t.endMinute} is null) or (${t.startMinute} >= 0 and ${t.endMinute} <= 1440 and ${t.startMinute} < ${t.endMinute})`,
    ),
  ],
);

// One-off blocked time (UTC instants), e.g. a dentist appointment.
export const blockedTimes = sqliteTable(
  "blocked_times",
  {
    id: id(),
    specialistId: text("specialist_id")
      .notNull()
      .references(() => specialists.id, { onDelete: "cascade" }),
    startsAt: integer("starts_at", { mode: "timestamp_ms" }).notNull(),
    endsAt: integer("ends_at", { mode: "timestamp_ms" }).notNull(),
    reason: text("reason").notNull().default(""),
  },
  (t) => [
    index("blocked_times_specialist_idx").on(t.specialistId, t.startsAt),
    check("blocked_times_range", sql`${t.startsAt} < ${t.endsAt}`),
  ],
);

// The read model of open start times per session type over a rolling horizon. Correctness
// never depends on it: bookings are checked against bookings (DESIGN.md §4.1).
export const slots = sqliteTable(
  "slots",
  {
    sessionTypeId: text("session_type_id")
      .notNull()
      .references(() => sessionTypes.id, { onDelete: "cascade" }),
    specialistId: text("specialist_id")
      .notNull()
      .references(() => specialists.id, { onDelete: "cascade" }),
    startsAt: integer("starts_at", { mode: "timestamp_ms" }).notNull(),
    endsAt: integer("ends_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.sessionTypeId, t.startsAt] }), index("slots_specialist_starts_idx").on(t.specialistId, t.startsAt)],
);

export const bookingStatuses = ["pending_payment", "confirmed", "completed", "cancelled", "expired"] as const;
export type BookingStatus = (typeof bookingStatuses)[number];
export type PaymentStatus = (typeof paymentStatuses)[number];
/** Statuses that hold the specialist's time. */
export const activeBookingStatuses = ["pending_payment", "confirmed"] as const satisfies readonly BookingStatus[];

export const noShowParties = ["customer", "specialist"] as const;
export type NoShowParty = (typeof noShowParties)[number];

export const bookings = sqliteTable(
  "bookings",
  {
    id: id(),
    specialistId: text("specialist_id")
      .notNull()
      .references(() => specialists.id),
    customerId: text("customer_id")
      .notNull()
      .references(() => users.id),
    sessionTypeId: text("session_type_id")
      .notNull()
      .references(() => sessionTypes.id),
    startsAt: integer("starts_at", { mode: "timestamp_ms" }).notNull(),
    endsAt: integer("ends_at", { mode: "timestamp_ms" }).notNull(),
    status: text("status", { enum: bookingStatuses }).notNull(),
    holdExpiresAt: integer("hold_expires_at", { mode: "timestamp_ms" }),
    priceMinor: integer("price_minor").notNull(),
    feeMinor: integer("fee_minor").notNull().default(0),
    currency: text("currency").notNull(),
    customerTimezone: text("customer_timezone").notNull(),
    topic: text("topic").notNull().default(""),
    /** The join link the parties see: the Zoom meeting's or the Meet link when `meetingProvider` says so, else the default room. */
    meetingUrl: text("meeting_url"),
    /** Who hosts `meetingUrl`; 'zoom' / 'google_meet' only while the meeting or event `meetingId` exists. */
    meetingProvider: text("meeting_provider", { enum: videoProviders }).notNull().default("default"),
    /** Zoom's numeric meeting id (as text) or the Google Calendar event id, for moving and deleting it. */
    meetingId: text("meeting_id"),
    meetingPasscode: text("meeting_passcode"),
    /**
     * What the meeting job last reconciled: `<status>#<sequence>` (or `fallback#<sequence>`), so
     * a stale or repeated job finds nothing left to do and can't overwrite a newer state.
     */
    meetingSyncedFor: text("meeting_synced_for"),
    /** From the provider's webhooks: when the meeting first started and last ended. */
    meetingStartedAt: integer("meeting_started_at", { mode: "timestamp_ms" }),
    meetingEndedAt: integer("meeting_ended_at", { mode: "timestamp_ms" }),
    /** Who didn't come: marked by the specialist (customer) or found from attendance (specialist). */
    noShow: text("no_show", { enum: noShowParties }),
    noShowAt: integer("no_show_at", { mode: "timestamp_ms" }),
    /** Times the booking was moved: the calendar file's SEQUENCE, so calendars replace the old event. */
    sequence: integer("sequence").notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("bookings_specialist_starts_idx").on(t.specialistId, t.startsAt),
    index("bookings_customer_starts_idx").on(t.customerId, t.startsAt),
    // The reminder and completion crons scan active bookings by start time.
    index("bookings_status_starts_idx").on(t.status, t.startsAt),
    check("bookings_range", sql`${t.startsAt} < ${t.endsAt}`),
    check("bookings_money", sql`${t.priceMinor} >= 0 and ${t.feeMinor} >= 0 and ${t.feeMinor} <= ${t.priceMinor}`),
  ],
);

export const meetingParticipantRoles = ["specialist", "customer", "guest"] as const;
export type MeetingParticipantRole = (typeof meetingParticipantRoles)[number];

// Who was in a booking's meeting and when, one row per join (from Zoom's participant webhooks);
// a leave closes the row of its join.
export const meetingAttendance = sqliteTable(
  "meeting_attendance",
  {
    id: id(),
    bookingId: text("booking_id")
      .notNull()
      .references(() => bookings.id, { onDelete: "cascade" }),
    /** What ties a leave to its join: Zoom's participant_uuid, else its user id. */
    participantKey: text("participant_key").notNull(),
    participantName: text("participant_name").notNull().default(""),
    participantEmail: text("participant_email"),
    role: text("role", { enum: meetingParticipantRoles }).notNull(),
    joinedAt: integer("joined_at", { mode: "timestamp_ms" }).notNull(),
    leftAt: integer("left_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    uniqueIndex("meeting_attendance_join_unique").on(t.bookingId, t.participantKey, t.joinedAt),
    check("meeting_attendance_range", sql`${t.leftAt} is null or ${t.joinedAt} <= ${t.leftAt}`),
  ],
);

/** One file of a recording, as the provider describes it. */
export interface RecordingFile {
  id: string;
  fileType: string;
  recordingType: string;
  fileSizeBytes: number;
  playUrl: string | null;
  downloadUrl: string | null;
  startedAt: string | null;
  endedAt: string | null;
}

// A cloud recording of a booking's meeting (Zoom's recording.completed); the customer sees it
// only while the specialist shares it.
export const meetingRecordings = sqliteTable(
  "meeting_recordings",
  {
    id: id(),
    bookingId: text("booking_id")
      .notNull()
      .references(() => bookings.id, { onDelete: "cascade" }),
    provider: text("provider", { enum: videoProviders }).notNull(),
    /** The provider's id of the recorded meeting instance (Zoom's meeting uuid). */
    externalId: text("external_id").notNull(),
    startedAt: integer("started_at", { mode: "timestamp_ms" }),
    durationMinutes: integer("duration_minutes").notNull().default(0),
    totalSizeBytes: integer("total_size_bytes").notNull().default(0),
    playUrl: text("play_url").notNull(),
    passcode: text("passcode"),
    files: text("files", { mode: "json" }).$type<RecordingFile[]>().notNull(),
    sharedWithCustomerAt: integer("shared_with_customer_at", { mode: "timestamp_ms" }),
    receivedAt: integer("received_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [uniqueIndex("meeting_recordings_booking_external_unique").on(t.bookingId, t.externalId)],
);

export const sessionNoteVisibilities = ["private", "shared"] as const;
export type SessionNoteVisibility = (typeof sessionNoteVisibilities)[number];

// The specialist's notes on a session: private ones only they see, shared ones the customer sees too.
export const sessionNotes = sqliteTable(
  "session_notes",
  {
    bookingId: text("booking_id")
      .notNull()
      .references(() => bookings.id, { onDelete: "cascade" }),
    visibility: text("visibility", { enum: sessionNoteVisibilities }).notNull(),
    /** Markdown, rendered through the bio renderer. */
    body: text("body").notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.bookingId, t.visibility] })],
);

// Status history of a booking: who moved it from what to what, and why.
export const bookingEvents = sqliteTable(
  "booking_events",
  {
    id: id(),
    bookingId: text("booking_id")
      .notNull()
      .references(() => bookings.id, { onDelete: "cascade" }),
    fromStatus: text("from_status", { enum: bookingStatuses }),
    toStatus: text("to_status", { enum: bookingStatuses }).notNull(),
    /** "customer", "specialist", "system" or "payment-provider". */
    actor: text("actor").notNull(),
    actorUserId: text("actor_user_id"),
    reason: text("reason").notNull().default(""),
    at: integer("at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("booking_events_booking_idx").on(t.bookingId, t.at)],
);

/** `processing`: the checkout completed with a payment method that settles later (e.g. a bank debit). */
export const paymentStatuses = ["open", "processing", "paid", "failed", "expired"] as const;

export const payments = sqliteTable(
  "payments",
  {
    id: id(),
    bookingId: text("booking_id")
      .notNull()
      .references(() => bookings.id),
    provider: text("provider").notNull(),
    /** The provider's checkout session id (Stripe: cs_…). */
    checkoutId: text("checkout_id").notNull(),
    /** The provider's payment id once paid (Stripe: pi_…). */
    paymentId: text("payment_id"),
    amountMinor: integer("amount_minor").notNull(),
    feeMinor: integer("fee_minor").notNull(),
    currency: text("currency").notNull(),
    status: text("status", { enum: paymentStatuses }).notNull().default("open"),
    /** The one payment that pays for the booking; any other completed payment is refunded (DESIGN.md §4.4). */
    kept: integer("kept", { mode: "boolean" }).notNull().default(false),
    /** Why an admin must look at this payment (e.g. paid a different amount than asked); null when nothing is wrong. */
    flag: text("flag"),
    /** Where the customer pays, until `expiresAt`: an open checkout is reused rather than opened twice. */
    checkoutUrl: text("checkout_url"),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }),
    paidAt: integer("paid_at", { mode: "timestamp_ms" }),
    /** The receipt's number, given in sequence when the payment is kept (confirms its booking). */
    receiptNumber: integer("receipt_number"),
    /** A chargeback: the provider's dispute id, its status and when it was opened. */
    disputeId: text("dispute_id"),
    disputeStatus: text("dispute_status"),
    disputedAt: integer("disputed_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("payments_checkout_unique").on(t.provider, t.checkoutId),
    uniqueIndex("payments_receipt_number_unique").on(t.receiptNumber),
    uniqueIndex("payments_payment_unique").on(t.provider, t.paymentId),
    uniqueIndex("payments_kept_unique")
      .on(t.bookingId)
      .where(sql`${t.kept} = 1`),
    index("payments_booking_idx").on(t.bookingId),
    check("payments_money", sql`${t.amountMinor} >= 0 and ${t.feeMinor} >= 0 and ${t.feeMinor} <= ${t.amountMinor}`),
  ],
);

export const refundStatuses = ["pending", "succeeded", "failed"] as const;

export const refunds = sqliteTable(
  "refunds",
  {
    id: id(),
    paymentId: text("payment_id")
      .notNull()
      .references(() => payments.id),
    bookingId: text("booking_id")
      .notNull()
      .references(() => bookings.id),
    /** The provider's refund id (Stripe: re_…). */
    providerRefundId: text("provider_refund_id"),
    amountMinor: integer("amount_minor").notNull(),
    /** The share of the platform fee given back with it (refund_application_fee: in proportion, so a full refund returns all of it). */
    feeRefundedMinor: integer("fee_refunded_minor").notNull().default(0),
    currency: text("currency").notNull(),
    reason: text("reason").notNull(),
    /** Ours: pending until the provider accepts the request, failed while it refuses (retried). */
    status: text("status", { enum: refundStatuses }).notNull().default("pending"),
    /** The provider's own state of an accepted refund (Stripe: pending, requires_action, succeeded, failed, canceled), kept current from its events. */
    providerStatus: text("provider_status"),
    failureReason: text("failure_reason"),
    /** Calls to the provider so far, and why the last one failed; a failed refund is retried, never dropped. */
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // One refund per payment and reason, so a retried job never refunds twice.
    uniqueIndex("refunds_payment_reason_unique").on(t.paymentId, t.reason),
    index("refunds_booking_idx").on(t.bookingId),
    index("refunds_unfinished_idx").on(t.status, t.updatedAt),
    check("refunds_amount", sql`${t.amountMinor} > 0`),
  ],
);

// Every external event is stored (unique per provider + event id) before it is acknowledged,
// then processed from the queue (DESIGN.md §4.3).
export const webhookEvents = sqliteTable(
  "webhook_events",
  {
    id: id(),
    provider: text("provider").notNull(),
    eventId: text("event_id").notNull(),
    type: text("type").notNull(),
    payload: text("payload", { mode: "json" }).$type<unknown>().notNull(),
    receivedAt: integer("received_at", { mode: "timestamp_ms" }).notNull(),
    processedAt: integer("processed_at", { mode: "timestamp_ms" }),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    /** Processed without effect, and why (e.g. a checkout this app never started). */
    ignoredReason: text("ignored_reason"),
  },
  (t) => [
    uniqueIndex("webhook_events_provider_event_unique").on(t.provider, t.eventId),
    index("webhook_events_unprocessed_idx").on(t.processedAt, t.receivedAt),
  ],
);

export const payoutStatuses = ["pending", "in_transit", "paid", "failed", "canceled"] as const;

// Money the provider sent to a specialist's bank (Stripe Connect payouts), kept from its events.
export const payouts = sqliteTable(
  "payouts",
  {
    id: id(),
    specialistId: text("specialist_id")
      .notNull()
      .references(() => specialists.id),
    provider: text("provider").notNull(),
    /** The provider's payout id (Stripe: po_…). */
    providerPayoutId: text("provider_payout_id").notNull(),
    amountMinor: integer("amount_minor").notNull(),
    currency: text("currency").notNull(),
    status: text("status", { enum: payoutStatuses }).notNull(),
    arrivalAt: integer("arrival_at", { mode: "timestamp_ms" }).notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("payouts_provider_payout_unique").on(t.provider, t.providerPayoutId),
    index("payouts_specialist_arrival_idx").on(t.specialistId, t.arrivalAt),
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

export const notificationChannels = ["email", "sms", "in_app"] as const;
export type NotificationChannel = (typeof notificationChannels)[number];
export const notificationStatuses = ["queued", "sent", "delivered", "failed", "skipped"] as const;

// What the app tells a user, recorded in the same write as the change it reports, then delivered
// from the queue. The unique key makes every effect happen once, however often its cause repeats.
export const notifications = sqliteTable(
  "notifications",
  {
    id: id(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    channel: text("channel", { enum: notificationChannels }).notNull(),
    kind: text("kind").notNull(),
    /** What it is about: "booking", "payment", "refund" … and that row's id. */
    subjectType: text("subject_type").notNull(),
    subjectId: text("subject_id").notNull(),
    /** Tells apart repeats of one kind for one subject (e.g. each reschedule); "" when there is one. */
    occurrence: text("occurrence").notNull().default(""),
    /** The template's data, fixed when the event happened. */
    payload: text("payload", { mode: "json" }).$type<unknown>().notNull(),
    status: text("status", { enum: notificationStatuses }).notNull().default("queued"),
    providerMessageId: text("provider_message_id"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    /** A delivery in progress owns the row until then; a crashed one is taken over after it. */
    lockedUntil: integer("locked_until", { mode: "timestamp_ms" }),
    sendAt: integer("send_at", { mode: "timestamp_ms" }).notNull(),
    sentAt: integer("sent_at", { mode: "timestamp_ms" }),
    readAt: integer("read_at", { mode: "timestamp_ms" }),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("notifications_once_unique").on(t.subjectType, t.subjectId, t.kind, t.userId, t.channel, t.occurrence),
    index("notifications_due_idx").on(t.status, t.sendAt),
    index("notifications_user_idx").on(t.userId, t.createdAt),
    index("notifications_provider_message_idx").on(t.providerMessageId),
  ],
);

// A user's choice for one kind of notification on one channel; no row = the kind's default.
export const notificationPreferences = sqliteTable(
  "notification_preferences",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    channel: text("channel", { enum: notificationChannels }).notNull(),
    enabled: integer("enabled", { mode: "boolean" }).notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.kind, t.channel] })],
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

// Exchange rates against one reference currency (the euro, as the ECB publishes them): `rate` is
// units of `currency` per euro on the feed's date `as_of`. Used only to compare and estimate prices
// across currencies; nothing is ever charged at these rates.
export const fxRates = sqliteTable(
  "fx_rates",
  {
    currency: text("currency").primaryKey(),
    rate: real("rate").notNull(),
    /** The date the rate is for (YYYY-MM-DD), as the feed says. */
    asOf: text("as_of").notNull(),
    source: text("source", { enum: ["snapshot", "feed"] }).notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [check("fx_rates_rate_positive", sql`${t.rate} > 0`)],
);

/** Only `published` reviews show and count; `pending` ones wait for an admin, `hidden` ones were taken down. */
export const reviewStatuses = ["published", "pending", "hidden"] as const;
export type ReviewStatus = (typeof reviewStatuses)[number];
export const reviewCommentMax = 2000;

// One review per booking by its customer. The specialist's rating columns follow the published
// reviews through the triggers of migration 0009, in the same statement as the review's write.
export const reviews = sqliteTable(
  "reviews",
  {
    id: id(),
    bookingId: text("booking_id")
      .notNull()
      .references(() => bookings.id, { onDelete: "cascade" }),
    specialistId: text("specialist_id")
      .notNull()
      .references(() => specialists.id, { onDelete: "cascade" }),
    customerId: text("customer_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    overall: integer("overall").notNull(),
    communication: integer("communication").notNull(),
    expertise: integer("expertise").notNull(),
    value: integer("value").notNull(),
    comment: text("comment").notNull().default(""),
    status: text("status", { enum: reviewStatuses }).notNull().default("published"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
    response: text("response"),
    respondedAt: integer("responded_at", { mode: "timestamp_ms" }),
    responseUpdatedAt: integer("response_updated_at", { mode: "timestamp_ms" }),
    /** Why an admin hid the review; the author sees it. */
    moderationReason: text("moderation_reason"),
    moderatedAt: integer("moderated_at", { mode: "timestamp_ms" }),
    moderatedBy: text("moderated_by").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [
    // The moderation queue: pending and hidden reviews, oldest first.
    index("reviews_status_created_idx").on(t.status, t.createdAt),
    uniqueIndex("reviews_booking_unique").on(t.bookingId),
    // The profile's pages: newest, highest and lowest first, and the distribution.
    index("reviews_specialist_created_idx").on(t.specialistId, t.status, t.createdAt, t.id),
    index("reviews_specialist_overall_idx").on(t.specialistId, t.status, t.overall, t.createdAt, t.id),
    check(
      "reviews_ratings",
      sql`${t.overall} between 1 and 5 and ${t.communication} between 1 and 5 and ${t.expertise} between 1 and 5 and ${t.value} between 1 and 5`,
    ),
    check("reviews_comment_length", sql`length(${t.comment}) <= 2000 and length(coalesce(${t.response}, '')) <= 2000`),
  ],
);

export const reviewReportReasons = ["spam", "offensive", "not-about-the-session", "other"] as const;
export type ReviewReportReason = (typeof reviewReportReasons)[number];
export const reviewReportNoteMax = 500;

// A user's report of a review. One open report per reporter per review; approving or hiding the
// review resolves its open reports.
export const reviewReports = sqliteTable(
  "review_reports",
  {
    id: id(),
    reviewId: text("review_id")
      .notNull()
      .references(() => reviews.id, { onDelete: "cascade" }),
    reporterId: text("reporter_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    reason: text("reason", { enum: reviewReportReasons }).notNull(),
    note: text("note"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    resolvedAt: integer("resolved_at", { mode: "timestamp_ms" }),
    resolvedBy: text("resolved_by").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [
    uniqueIndex("review_reports_open_unique")
      .on(t.reviewId, t.reporterId)
      .where(sql`${t.resolvedAt} is null`),
    index("review_reports_open_idx").on(t.resolvedAt, t.reviewId),
    check("review_reports_note_length", sql`length(coalesce(${t.note}, '')) <= 500`),
  ],
);

// Every admin action, written in the same batch as the change it records: who, what, when, and
// the subject's state before and after (JSON).
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: id(),
    actorId: text("actor_id").references(() => users.id, { onDelete: "set null" }),
    /** e.g. `review.hide`. */
    action: text("action").notNull(),
    subjectType: text("subject_type").notNull(),
    subjectId: text("subject_id").notNull(),
    before: text("before", { mode: "json" }),
    after: text("after", { mode: "json" }),
    reason: text("reason"),
    at: integer("at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    index("audit_log_subject_idx").on(t.subjectType, t.subjectId, t.at),
    index("audit_log_at_idx").on(t.at),
    index("audit_log_actor_idx").on(t.actorId, t.at),
  ],
);

// The directory's read model (docs/decisions/0010-listing-read-model.md): one row per listed
// specialist (published, approved, an active session type and weekly hours), kept current by the
// triggers of migration 0007 and, for the next open time, by the slot writes and a minute cron.
// Rows appear and vanish with the listing rule, so a search never re-checks it.

/** next_open_at of a specialist without open times: later than any real instant, so they sort last. */
export const noOpenTime = 8_640_000_000_000_000;
/** price_key of a specialist whose currency has no exchange rate: after every priced one. */
export const noPriceKnown = 8_640_000_000_000_000;

export const specialistListings = sqliteTable(
  "specialist_listings",
  {
    /** The rowid; search terms (specialist_listing_terms) refer to it. */
    id: integer("id").primaryKey(),
    specialistId: text("specialist_id")
      .notNull()
      .references(() => specialists.id, { onDelete: "cascade" }),
    slug: text("slug").notNull(),
    displayName: text("display_name").notNull(),
    headline: text("headline").notNull(),
    timezone: text("timezone").notNull(),
    specialties: text("specialties", { mode: "json" }).$type<string[]>().notNull(),
    languages: text("languages", { mode: "json" }).$type<string[]>().notNull(),
    ratingAvg: real("rating_avg"),
    ratingCount: integer("rating_count").notNull(),
    /** round(rating_avg, 2), -1 when unrated: the rating sort's key. */
    ratingKey: real("rating_key").notNull(),
    /** Active session types. */
    sessionTypeCount: integer("session_type_count").notNull(),
    /** Offers a free (price 0) active session type. */
    hasFree: integer("has_free", { mode: "boolean" }).notNull(),
    /** The cheapest and dearest paid active session type in its own currency, compared as money; null without paid ones. */
    cheapestMinor: integer("cheapest_minor"),
    cheapestCurrency: text("cheapest_currency"),
    dearestMinor: integer("dearest_minor"),
    dearestCurrency: text("dearest_currency"),
    /** The same two prices in major units of the rates' reference currency (null without a rate). */
    cheapestReference: real("cheapest_reference"),
    dearestReference: real("dearest_reference"),
    /** The price sort's key: 0 when only free sessions, cheapest_reference, or noPriceKnown. */
    priceKey: real("price_key").notNull(),
    /** The first open slot at or after the last refresh (epoch ms), or noOpenTime. May lag behind now: see the ADR. */
    nextOpenAt: integer("next_open_at").notNull(),
  },
  (t) => [
    uniqueIndex("specialist_listings_specialist_unique").on(t.specialistId),
    // One index per sort order, each ending in the tie-breaker, so every page is an index range.
    index("specialist_listings_name_idx").on(t.displayName, t.specialistId),
    index("specialist_listings_price_idx").on(t.priceKey, t.specialistId),
    index("specialist_listings_rating_idx").on(t.ratingKey, t.ratingCount, t.specialistId),
    index("specialist_listings_next_open_idx").on(t.nextOpenAt, t.specialistId),
  ],
);

export const specialistListingSpecialties = sqliteTable(
  "specialist_listing_specialties",
  {
    specialty: text("specialty").notNull(),
    specialistId: text("specialist_id")
      .notNull()
      .references(() => specialistListings.specialistId, { onDelete: "cascade" }),
  },
  (t) => [
    primaryKey({ columns: [t.specialty, t.specialistId] }),
    index("specialist_listing_specialties_specialist_idx").on(t.specialistId),
  ],
);

export const specialistListingLanguages = sqliteTable(
  "specialist_listing_languages",
  {
    language: text("language").notNull(),
    specialistId: text("specialist_id")
      .notNull()
      .references(() => specialistListings.specialistId, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.language, t.specialistId] }), index("specialist_listing_languages_specialist_idx").on(t.specialistId)],
);

/**
 * Every word of a listed specialist's name, headline, specialty labels and bio, as the database's
 * unicode61 tokenizer splits and folds it, with the fields it is in as a weight (name 8, headline
 * 4, specialty 2, bio 1; they add up). Text search reads it (docs/decisions/0036-search-terms-index.md):
 * a row's words by its listing, and a word's listings by weight and then name, the best-match order.
 * Kept by migration 0016's triggers, like the listing itself.
 */
export const specialistListingTerms = sqliteTable(
  "specialist_listing_terms",
  {
    listingId: integer("listing_id")
      .notNull()
      .references(() => specialistListings.id, { onDelete: "cascade" }),
    term: text("term").notNull(),
    weight: integer("weight").notNull(),
    displayName: text("display_name").notNull(),
    specialistId: text("specialist_id").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.listingId, t.term] }),
    // Ends in the listing id so a ranked read never visits the table.
    index("specialist_listing_terms_ranked_idx").on(t.term, sql`${t.weight} desc`, t.displayName, t.specialistId, t.listingId),
  ],
);

/** Specialty labels for the full-text index (the triggers can't read specialties.ts); a test keeps them equal. */
export const specialtyLabels = sqliteTable("specialty_labels", {
  slug: text("slug").primaryKey(),
  label: text("label").notNull(),
});

// The public REST API (docs/decisions/0029-rest-api-v1.md): personal tokens, refresh-token
// families, the access-token signing key, idempotent creates, and outgoing webhooks.

export const apiTokenScopes = ["read", "read_write"] as const;
export type ApiTokenScope = (typeof apiTokenScopes)[number];

/** Personal API tokens: the bearer value is `spl_<id>_<secret>`; only SHA-256(secret) is stored. */
export const apiTokens = sqliteTable(
  "api_tokens",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    secretHash: text("secret_hash").notNull(),
    scope: text("scope", { enum: apiTokenScopes }).notNull(),
    createdAt: createdAt(),
    lastUsedAt: integer("last_used_at", { mode: "timestamp_ms" }),
  },
  (t) => [index("api_tokens_user_idx").on(t.userId)],
);

/**
 * Refresh tokens (`<id>.<secret>`, SHA-256 of the secret stored). Each refresh uses one up and
 * issues the next in the same family; presenting a used one again revokes the whole family.
 */
export const refreshTokens = sqliteTable(
  "refresh_tokens",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    familyId: text("family_id").notNull(),
    secretHash: text("secret_hash").notNull(),
    createdAt: createdAt(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    usedAt: integer("used_at", { mode: "timestamp_ms" }),
    revokedAt: integer("revoked_at", { mode: "timestamp_ms" }),
  },
  (t) => [index("refresh_tokens_family_idx").on(t.familyId), index("refresh_tokens_user_idx").on(t.userId)],
);

/** Keys generated on first use when no signing secret is configured, shared by every instance through the database. */
export const apiSigningKeys = sqliteTable("api_signing_keys", {
  purpose: text("purpose").primaryKey(),
  secret: text("secret").notNull(),
  createdAt: createdAt(),
});

/** One response per (user, Idempotency-Key): a repeated request gets the first answer instead of a second effect. */
export const apiIdempotencyKeys = sqliteTable(
  "api_idempotency_keys",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    operation: text("operation").notNull(),
    /** SHA-256 of the request body: the same key with another body is a conflict, not a replay. */
    requestHash: text("request_hash").notNull(),
    responseStatus: integer("response_status"),
    responseBody: text("response_body", { mode: "json" }).$type<unknown>(),
    createdAt: createdAt(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.key] }), index("api_idempotency_keys_expires_idx").on(t.expiresAt)],
);

export const webhookEventTypes = [
  "booking.created",
  "booking.confirmed",
  "booking.rescheduled",
  "booking.cancelled",
  "booking.completed",
  "review.created",
] as const;
export type WebhookEventType = (typeof webhookEventTypes)[number];
export const webhookEndpointStatuses = ["enabled", "disabled"] as const;

/** Outgoing webhooks: a specialist's endpoint hears about their own bookings; a platform endpoint (admins) about all. */
export const webhookEndpoints = sqliteTable(
  "webhook_endpoints",
  {
    id: id(),
    /** Null for a platform-wide endpoint. */
    specialistId: text("specialist_id").references(() => specialists.id, { onDelete: "cascade" }),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    url: text("url").notNull(),
    description: text("description"),
    /** `whsec_<base64>` as the Standard Webhooks spec gives it. */
    secret: text("secret").notNull(),
    events: text("events", { mode: "json" }).$type<WebhookEventType[]>().notNull(),
    status: text("status", { enum: webhookEndpointStatuses }).notNull().default("enabled"),
    disabledReason: text("disabled_reason"),
    disabledAt: integer("disabled_at", { mode: "timestamp_ms" }),
    /** When deliveries started failing without a success since; cleared by a success. */
    failingSince: integer("failing_since", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("webhook_endpoints_specialist_idx").on(t.specialistId)],
);

export const webhookDeliveryStatuses = ["pending", "succeeded", "failed"] as const;

/** One message to one endpoint; its `id` is the `webhook-id` header, the same on every attempt. */
export const webhookDeliveries = sqliteTable(
  "webhook_deliveries",
  {
    id: text("id").primaryKey(),
    endpointId: text("endpoint_id")
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: "cascade" }),
    eventType: text("event_type").notNull(),
    /** What caused it (e.g. `booking.cancelled:<booking id>:<event id>`), unique per endpoint so a repeated cause sends once. */
    eventKey: text("event_key").notNull(),
    payload: text("payload", { mode: "json" }).$type<unknown>().notNull(),
    status: text("status", { enum: webhookDeliveryStatuses }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: integer("next_attempt_at", { mode: "timestamp_ms" }),
    lastResponseStatus: integer("last_response_status"),
    lastError: text("last_error"),
    createdAt: createdAt(),
    finishedAt: integer("finished_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    uniqueIndex("webhook_deliveries_event_idx").on(t.endpointId, t.eventKey),
    index("webhook_deliveries_endpoint_idx").on(t.endpointId, t.createdAt),
    index("webhook_deliveries_due_idx").on(t.status, t.nextAttemptAt),
  ],
);

/** Every attempt of a delivery, with what the endpoint answered: the delivery log. */
export const webhookDeliveryAttempts = sqliteTable(
  "webhook_delivery_attempts",
  {
    id: id(),
    deliveryId: text("delivery_id")
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: "cascade" }),
    attemptedAt: integer("attempted_at", { mode: "timestamp_ms" }).notNull(),
    responseStatus: integer("response_status"),
    /** The first part of the response body, or why no response came. */
    responseSnippet: text("response_snippet"),
    error: text("error"),
    durationMs: integer("duration_ms"),
  },
  (t) => [index("webhook_delivery_attempts_delivery_idx").on(t.deliveryId, t.attemptedAt)],
);

/** Minor units per major unit of each session currency, so the triggers can compare prices as money. */
export const currencyMinorUnits = sqliteTable("currency_minor_units", {
  currency: text("currency").primaryKey(),
  perMajor: integer("per_major").notNull(),
});

export type User = typeof users.$inferSelect;
export type Specialist = typeof specialists.$inferSelect;
export type SessionType = typeof sessionTypes.$inferSelect;
export type Job = typeof jobs.$inferSelect;
export type BookingRules = typeof bookingRules.$inferSelect;
export type AvailabilityWindow = typeof availabilityWindows.$inferSelect;
export type AvailabilityOverride = typeof availabilityOverrides.$inferSelect;
export type BlockedTime = typeof blockedTimes.$inferSelect;
export type Booking = typeof bookings.$inferSelect;
export type Payment = typeof payments.$inferSelect;
export type Refund = typeof refunds.$inferSelect;
export type Payout = typeof payouts.$inferSelect;
export type WebhookEvent = typeof webhookEvents.$inferSelect;
export type Notification = typeof notifications.$inferSelect;
export type Review = typeof reviews.$inferSelect;
export type ReviewReport = typeof reviewReports.$inferSelect;
export type AuditEntry = typeof auditLog.$inferSelect;
export type ConnectedAccount = typeof connectedAccounts.$inferSelect;
export type ExternalCalendar = typeof externalCalendars.$inferSelect;
export type ExternalBusyTime = typeof externalBusyTimes.$inferSelect;
export type MeetingAttendance = typeof meetingAttendance.$inferSelect;
export type MeetingRecording = typeof meetingRecordings.$inferSelect;
export type SessionNote = typeof sessionNotes.$inferSelect;
export type ApiToken = typeof apiTokens.$inferSelect;
export type RefreshToken = typeof refreshTokens.$inferSelect;
export type WebhookEndpoint = typeof webhookEndpoints.$inferSelect;
export type WebhookDelivery = typeof webhookDeliveries.$inferSelect;
