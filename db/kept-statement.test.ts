import { eq, sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { connectOverHttp, createTestDatabase, type TestDatabase } from "../tests/test-database";
import type { Database } from "./database";
import { createSpecialist, createUser } from "./factories";
import { keptStatement } from "./kept-statement";
import { rateLimitHits, specialists, users } from "./schema";

let database: TestDatabase;
beforeEach(async () => {
  database = await createTestDatabase();
});
afterEach(() => database.cleanup());

let builds = 0;
// A join with nested fields, a nullable left join and a timestamp column: what drizzle maps.
const userWithPractice = keptStatement<{ email: string }>()((db, values) => {
  builds++;
  return db
    .select({ user: { id: users.id, name: users.name, createdAt: users.createdAt }, practice: { slug: specialists.slug } })
    .from(users)
    .leftJoin(specialists, eq(specialists.userId, users.id))
    .where(eq(users.email, values.email));
});
const plainUserWithPractice = (db: Database, email: string) =>
  db
    .select({ user: { id: users.id, name: users.name, createdAt: users.createdAt }, practice: { slug: specialists.slug } })
    .from(users)
    .leftJoin(specialists, eq(specialists.userId, users.id))
    .where(eq(users.email, email));

const hitIfNew = keptStatement<{ key: string; at: number }>()((db, values) =>
  db.run(sql`insert into ${rateLimitHits} (key, at) select ${values.key}, ${values.at}
    where not exists (select 1 from ${rateLimitHits} where key = ${values.key})`),
);

describe("a kept statement", () => {
  test("answers as the same drizzle query would, for each use's values, built once", async () => {
    const customer = await createUser(database.db, { email: "ada@example.test" });
    const { user: specialist } = await createSpecialist(database.db, { user: { email: "grace@example.test" } });
    builds = 0;
    for (const email of ["ada@example.test", "grace@example.test", "nobody@example.test"]) {
      expect(await userWithPractice(database.db, { email })).toEqual(await plainUserWithPractice(database.db, email));
    }
    const [first] = await userWithPractice(database.db, { email: "ada@example.test" });
    expect(first).toEqual({ user: { id: customer.id, name: customer.name, createdAt: customer.createdAt }, practice: null });
    expect(first?.user.createdAt).toBeInstanceOf(Date);
    expect((await userWithPractice(database.db, { email: "grace@example.test" }))[0]?.user.id).toBe(specialist.id);
    expect(builds).toBe(1);
  });

  test("goes into a batch beside other queries, each result in its place", async () => {
    await createUser(database.db, { email: "ada@example.test" });
    const [hit, found, count] = await database.db.batch([
      hitIfNew(database.db, { key: "k", at: 1_000 }),
      userWithPractice(database.db, { email: "ada@example.test" }),
      database.db.select({ n: sql<number>`count(*)` }).from(rateLimitHits),
    ]);
    expect(hit.rowsAffected).toBe(1);
    expect(found.map((row) => row.user.name)).toHaveLength(1);
    expect(count).toEqual([{ n: 1 }]);
  });

  test("a raw write fills each placeholder wherever it appears", async () => {
    expect((await hitIfNew(database.db, { key: "k", at: 1_000 })).rowsAffected).toBe(1);
    expect((await hitIfNew(database.db, { key: "k", at: 2_000 })).rowsAffected).toBe(0);
    expect((await hitIfNew(database.db, { key: "other", at: 3_000 })).rowsAffected).toBe(1);
    const rows = await database.db.select({ key: rateLimitHits.key, at: rateLimitHits.at }).from(rateLimitHits).orderBy(rateLimitHits.key);
    expect(rows.map((row) => [row.key, row.at.getTime()])).toEqual([
      ["k", 1_000],
      ["other", 3_000],
    ]);
  });

  test("a missing value is an error before anything runs", async () => {
    expect(() => hitIfNew(database.db, { key: "k" } as never)).toThrow(/at/);
    expect(await database.db.select().from(rateLimitHits)).toEqual([]);
  });

  test("runs the same over Turso's HTTP protocol (the Worker's client), with the text built on another database", async () => {
    await createUser(database.db, { email: "ada@example.test" });
    await userWithPractice(database.db, { email: "ada@example.test" });
    const remote = await connectOverHttp(database.url);
    try {
      expect(await userWithPractice(remote.db, { email: "ada@example.test" })).toEqual(
        await plainUserWithPractice(database.db, "ada@example.test"),
      );
      const [hit] = await remote.db.batch([hitIfNew(remote.db, { key: "remote", at: 5_000 })]);
      expect(hit.rowsAffected).toBe(1);
    } finally {
      await remote.close();
    }
  });
});
