import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createUser } from "../../../db/factories";
import { auditLog, type User } from "../../../db/schema";
import { createTestDatabase, type TestDatabase } from "../../../tests/test-database";
import { auditLogPage, auditPageSize, changesOf, parseAuditFilter, type AuditFilter } from "./audit-log.server";

const t0 = Date.parse("2026-06-10T12:00:00Z");
const minute = 60_000;
let database: TestDatabase;
let alice: User;
let bob: User;
beforeEach(async () => {
  database = await createTestDatabase();
  alice = await createUser(database.db, { role: "admin", name: "Alice Admin", email: "alice@example.com" });
  bob = await createUser(database.db, { role: "admin", name: "Bob Boss", email: "bob@example.com" });
});
afterEach(() => database.cleanup());

async function entry(values: { actor: User; action: string; subjectId: string; at: number; before?: unknown; after?: unknown }) {
  const [row] = await database.db
    .insert(auditLog)
    .values({
      actorId: values.actor.id,
      action: values.action,
      subjectType: values.action.split(".")[0]!,
      subjectId: values.subjectId,
      before: values.before ?? null,
      after: values.after ?? null,
      at: new Date(values.at),
    })
    .returning();
  return row!;
}

const page = async (filter: AuditFilter) => (await auditLogPage({ db: database.db }, { role: "admin" }, filter))!;

describe("auditLogPage", () => {
  test("is for admins only", async () => {
    expect(await auditLogPage({ db: database.db }, { role: "customer" }, {})).toBeNull();
    expect(await auditLogPage({ db: database.db }, { role: "specialist" }, {})).toBeNull();
  });

  test("filters by action, by the actor's name or email (any case, any part), by subject and by UTC day, newest first", async () => {
    const hide = await entry({ actor: alice, action: "review.hide", subjectId: "r1", at: t0 });
    const suspend = await entry({ actor: bob, action: "user.suspend", subjectId: "u1", at: t0 + 60 * minute });
    const approve = await entry({ actor: alice, action: "review.approve", subjectId: "r2", at: t0 + 24 * 60 * minute });
    const ids = async (filter: AuditFilter) => (await page(filter)).entries.map((item) => item.id);

    expect(await ids({})).toEqual([approve.id, suspend.id, hide.id]);
    expect(await ids({ action: "review.hide" })).toEqual([hide.id]);
    expect(await ids({ actor: "BOB" })).toEqual([suspend.id]);
    expect(await ids({ actor: "alice@exa" })).toEqual([approve.id, hide.id]);
    expect(await ids({ actor: "%" })).toEqual([]);
    expect(await ids({ subject: "u1" })).toEqual([suspend.id]);
    expect(await ids({ from: "2026-06-11" })).toEqual([approve.id]);
    expect(await ids({ to: "2026-06-10" })).toEqual([suspend.id, hide.id]);
    expect(await ids({ from: "2026-06-10", to: "2026-06-10", actor: "alice" })).toEqual([hide.id]);
    expect((await page({})).actions).toEqual(["review.approve", "review.hide", "user.suspend"]);
    const [shown] = (await page({ subject: "u1" })).entries;
    expect(shown!.actor).toEqual({ id: bob.id, name: "Bob Boss", email: "bob@example.com" });
  });

  test("pages through every entry exactly once, even when new entries arrive in between", async () => {
    const total = 2 * auditPageSize + 7;
    // Pairs share an instant, so the order within one instant matters too.
    for (let index = 0; index < total; index++) {
      await entry({ actor: alice, action: "review.hide", subjectId: `r${index}`, at: t0 + Math.floor(index / 2) * minute });
    }
    const seen: string[] = [];
    let before: string | undefined;
    let pages = 0;
    do {
      const result = await page(before ? { before } : {});
      seen.push(...result.entries.map((item) => item.subjectId));
      before = result.nextBefore ?? undefined;
      pages++;
      await entry({ actor: bob, action: "user.suspend", subjectId: `late${pages}`, at: t0 + total * minute });
    } while (before);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
    expect(seen.every((subject) => subject.startsWith("r"))).toBe(true);
  });
});

describe("parseAuditFilter", () => {
  const parse = (query: string) => parseAuditFilter(new URLSearchParams(query));

  test("empty fields mean any", () => {
    expect(parse("action=&actor=&from=&to=")).toEqual({ ok: true, filter: {} });
  });

  test.each([
    ["from=2026-13-01", "Enter the first day as YYYY-MM-DD, for example 2026-06-01."],
    ["to=2026-02-29", "That last day doesn't exist."],
    ["to=yesterday", "Enter the last day as YYYY-MM-DD, for example 2026-06-01."],
    ["from=2026-06-02&to=2026-06-01", "The first day must be on or before the last day."],
    ["before=1;drop", "That page link is broken; start again from the first page."],
    ["action=<script>", "Choose an action from the list."],
    [`actor=${"x".repeat(201)}`, "Keep the actor's name or email under 200 characters."],
  ])("%s is refused with a clear message", (query, message) => {
    expect(parse(query)).toMatchObject({ ok: false, message });
  });
});

describe("changesOf", () => {
  test("lists only the fields that changed, with their values before and after", () => {
    expect(changesOf({ status: "published", reason: null, n: 1 }, { status: "hidden", reason: "Spam", n: 1 })).toEqual([
      { field: "status", before: "published", after: "hidden" },
      { field: "reason", before: "—", after: "Spam" },
    ]);
    expect(changesOf(null, { role: "admin" })).toEqual([{ field: "role", before: "—", after: "admin" }]);
    expect(changesOf("customer", "admin")).toEqual([{ field: "value", before: "customer", after: "admin" }]);
    expect(changesOf({ tags: ["a"] }, { tags: ["a", "b"] })).toEqual([{ field: "tags", before: '["a"]', after: '["a","b"]' }]);
  });
});
