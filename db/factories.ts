// Factories for tests (and small seeds): each call inserts one valid row with unique
// defaults, so a test only spells out the fields it is about.
import { eq } from "drizzle-orm";
import type { Database } from "./database";
import {
  bookings,
  meetingAttendance,
  meetingRecordings,
  reviews,
  sessionNotes,
  sessionTypes,
  specialists,
  users,
  type MeetingAttendance,
  type SessionType,
  type Specialist,
  type User,
} from "./schema";

export type NewUser = typeof users.$inferInsert;
export type NewSpecialist = typeof specialists.$inferInsert;
export type NewSessionType = typeof sessionTypes.$inferInsert;

export type UserOverrides = Partial<NewUser>;
export type SpecialistOverrides = Partial<NewSpecialist> & {
  /** Fields for the user created alongside (ignored when `userId` is given). */
  user?: UserOverrides;
};
export type SessionTypeOverrides = Partial<Omit<NewSessionType, "specialistId">>;

let counter = 0;

/** Unique per process (counter) and across processes sharing a database (random part). */
function uniqueSuffix(): string {
  counter += 1;
  return `${counter}-${crypto.randomUUID().slice(0, 8)}`;
}

export async function createUser(db: Database, overrides: UserOverrides = {}): Promise<User> {
  const suffix = uniqueSuffix();
  const values: NewUser = {
    email: `user-${suffix}@example.test`,
    name: `Test User ${suffix}`,
    role: "customer",
    timezone: "UTC",
    ...overrides,
  };
  // The schema enforces lower-case emails; normalise here so tests can pass any case.
  values.email = values.email.toLowerCase();
  const [user] = await db.insert(users).values(values).returning();
  return user!;
}

export async function createSpecialist(db: Database, overrides: SpecialistOverrides = {}): Promise<{ user: User; specialist: Specialist }> {
  const { user: userOverrides, ...specialistOverrides } = overrides;
  const user = specialistOverrides.userId
    ? await findUser(db, specialistOverrides.userId)
    : await createUser(db, {
        role: "specialist",
        timezone: specialistOverrides.timezone ?? "Europe/London",
        ...userOverrides,
      });

  const suffix = uniqueSuffix();
  const values: NewSpecialist = {
    userId: user.id,
    slug: `specialist-${suffix}`,
    displayName: user.name,
    headline: "Independent consultant",
    bio: "Helping clients one session at a time.",
    specialties: ["career-coaching"],
    languages: ["en"],
    timezone: user.timezone,
    published: true,
    approval: "approved",
    ...specialistOverrides,
  };
  const [specialist] = await db.insert(specialists).values(values).returning();
  return { user, specialist: specialist! };
}

export async function createSessionType(db: Database, specialistId: string, overrides: SessionTypeOverrides = {}): Promise<SessionType> {
  const values: NewSessionType = {
    title: "Deep dive",
    description: "A focused one-hour session.",
    minutes: 60,
    priceMinor: 10_000,
    currency: "USD",
    active: true,
    ...overrides,
    specialistId,
  };
  const [sessionType] = await db.insert(sessionTypes).values(values).returning();
  return sessionType!;
}

async function findUser(db: Database, id: string): Promise<User> {
  const user = await db.query.users.findFirst({ where: eq(users.id, id) });
  if (!user) throw new Error(`createSpecialist: no user with id ${id}`);
  return user;
}

/** One join of a booking's meeting (as the Zoom webhooks record it); `leftAt` null while still in it. */
export async function createMeetingAttendance(
  db: Database,
  bookingId: string,
  overrides: Partial<typeof meetingAttendance.$inferInsert> & Pick<typeof meetingAttendance.$inferInsert, "role" | "joinedAt">,
): Promise<MeetingAttendance> {
  const [row] = await db
    .insert(meetingAttendance)
    .values({ participantKey: `participant-${uniqueSuffix()}`, participantName: overrides.role, ...overrides, bookingId })
    .returning();
  return row!;
}

/** A cloud recording of a booking's meeting, not shared unless `sharedWithCustomerAt` is given. */
export async function createMeetingRecording(
  db: Database,
  bookingId: string,
  overrides: Partial<typeof meetingRecordings.$inferInsert> = {},
): Promise<typeof meetingRecordings.$inferSelect> {
  const suffix = uniqueSuffix();
  const [row] = await db
    .insert(meetingRecordings)
    .values({
      provider: "zoom",
      externalId: `meeting-uuid-${suffix}`,
      startedAt: new Date("2026-06-02T09:00:00Z"),
      durationMinutes: 55,
      totalSizeBytes: 1_000_000,
      playUrl: `https://zoom.example.test/rec/play/${suffix}`,
      passcode: "rec-pass",
      files: [],
      receivedAt: new Date("2026-06-02T10:05:00Z"),
      ...overrides,
      bookingId,
    })
    .returning();
  return row!;
}

/** The specialist's note on a booking (one per visibility). */
export async function createSessionNote(
  db: Database,
  bookingId: string,
  overrides: Partial<Omit<typeof sessionNotes.$inferInsert, "bookingId">> = {},
) {
  const [row] = await db
    .insert(sessionNotes)
    .values({ visibility: "private", body: "A note.", ...overrides, bookingId })
    .returning();
  return row!;
}

/**
 * A review of a completed session of `sessionTypeId` (by a new customer unless `customerId` is
 * given), written `createdAt`; published unless `status` says otherwise.
 */
export async function createReview(
  db: Database,
  sessionType: Pick<SessionType, "id" | "specialistId" | "priceMinor" | "currency">,
  overrides: Partial<Omit<typeof reviews.$inferInsert, "bookingId" | "specialistId">> & { createdAt: Date },
): Promise<typeof reviews.$inferSelect> {
  const customerId = overrides.customerId ?? (await createUser(db, { name: "Casey Customer" })).id;
  const ended = new Date(overrides.createdAt.getTime() - 60 * 60_000);
  const [booking] = await db
    .insert(bookings)
    .values({
      specialistId: sessionType.specialistId,
      customerId,
      sessionTypeId: sessionType.id,
      startsAt: new Date(ended.getTime() - 60 * 60_000),
      endsAt: ended,
      status: "completed",
      priceMinor: sessionType.priceMinor,
      currency: sessionType.currency,
      customerTimezone: "UTC",
    })
    .returning();
  const [review] = await db
    .insert(reviews)
    .values({
      overall: 5,
      communication: 5,
      expertise: 5,
      value: 5,
      updatedAt: overrides.createdAt,
      ...overrides,
      customerId,
      bookingId: booking!.id,
      specialistId: sessionType.specialistId,
    })
    .returning();
  return review!;
}
