// Factories for tests (and small seeds): each call inserts one valid row with unique
// defaults, so a test only spells out the fields it is about.
import { eq } from "drizzle-orm";
import type { Database } from "./database";
import { sessionTypes, specialists, users, type SessionType, type Specialist, type User } from "./schema";

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
