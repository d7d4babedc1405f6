import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../tests/test-database";
import { createSessionType, createSpecialist, createUser } from "./factories";

let database: TestDatabase;

beforeEach(async () => {
  database = await createTestDatabase();
});

afterEach(() => {
  database.cleanup();
});

describe("createUser", () => {
  it("gives every user a unique email and a customer role by default", async () => {
    const a = await createUser(database.db);
    const b = await createUser(database.db);
    expect(a.email).not.toBe(b.email);
    expect(a.role).toBe("customer");
  });

  it("lower-cases an overridden email (the schema rejects upper case)", async () => {
    const user = await createUser(database.db, { email: "Ada.Lovelace@Example.TEST", name: "Ada" });
    expect(user.email).toBe("ada.lovelace@example.test");
    expect(user.name).toBe("Ada");
  });
});

describe("createSpecialist", () => {
  it("creates a listed specialist with its own specialist user in the same zone", async () => {
    const { user, specialist } = await createSpecialist(database.db, { timezone: "Asia/Kathmandu" });
    expect(user.role).toBe("specialist");
    expect(user.timezone).toBe("Asia/Kathmandu");
    expect(specialist).toMatchObject({
      userId: user.id,
      displayName: user.name,
      timezone: "Asia/Kathmandu",
      published: true,
      approval: "approved",
    });
  });

  it("uses an existing user when given a userId", async () => {
    const existing = await createUser(database.db, { name: "Kwame Mensah", timezone: "Africa/Accra" });
    const { user, specialist } = await createSpecialist(database.db, { userId: existing.id });
    expect(user.id).toBe(existing.id);
    expect(specialist).toMatchObject({ userId: existing.id, displayName: "Kwame Mensah", timezone: "Africa/Accra" });
  });

  it("gives each specialist a unique slug", async () => {
    const [a, b] = await Promise.all([createSpecialist(database.db), createSpecialist(database.db)]);
    expect(a.specialist.slug).not.toBe(b.specialist.slug);
  });
});

describe("createSessionType", () => {
  it("attaches an active session type to the specialist, with overrides", async () => {
    const { specialist } = await createSpecialist(database.db);
    const sessionType = await createSessionType(database.db, specialist.id, {
      title: "Intro call",
      minutes: 20,
      priceMinor: 0,
      currency: "JPY",
    });
    expect(sessionType).toMatchObject({
      specialistId: specialist.id,
      title: "Intro call",
      minutes: 20,
      priceMinor: 0,
      currency: "JPY",
      active: true,
    });
  });
});
