import fc from "fast-check";
import { sql } from "drizzle-orm";
import type * as z from "zod";
import { afterAll, describe, expect, test } from "vitest";
import { accessTokenFor, callApi } from "../../../tests/api-client";
import { createTestApp } from "../../../tests/app-handler";
import { createTestClock } from "../../../tests/clock";
import { createTestDatabase, type TestDatabase } from "../../../tests/test-database";
import type { ContractScenarios, ScenarioCall, ScenarioKit } from "./contract";
import { errorEnvelopeSchema } from "./errors";
import type { Operation } from "./operation";
import { operations } from "./operations/index.server";

// Every operation, fed bad input made from its own valid request (the first successful call of its
// contract scenario): a wrong or missing field, a body of any shape, broken JSON, a bad query
// value, an unknown id, a garbage token. Each must get a 4xx in the error envelope and leave the
// database exactly as it was; none may ever get a 5xx.

const scenarioModules = import.meta.glob<{ scenarios: ContractScenarios }>("./operations/*.contract.ts", { eager: true });
const scenarios: ContractScenarios = Object.assign({}, ...Object.values(scenarioModules).map((module) => module.scenarios));
const databases: TestDatabase[] = [];
afterAll(() => databases.forEach((database) => database.cleanup()));

interface BadRequest {
  what: string;
  call: ScenarioCall;
}

function templateOf(operation: Operation) {
  const names: string[] = [];
  const pattern = new RegExp(`^${operation.path.replace(/\{(\w+)\}/g, (_match, name: string) => (names.push(name), "([^/?]+)"))}$`);
  return { pattern, names };
}

function fails(schema: z.ZodType | undefined, value: unknown) {
  return schema ? !schema.safeParse(value).success : false;
}

const jsonValue = fc.jsonValue({ maxDepth: 3 });

/** Bad variants of `seed`, each one a request the operation must refuse. */
function badRequests(operation: Operation, seed: ScenarioCall): fc.Arbitrary<BadRequest | null> {
  const [pathname, search = ""] = seed.path.split("?") as [string, string?];
  const { pattern, names } = templateOf(operation);
  const pathValues = pattern.exec(pathname)!.slice(1);
  const query = Object.fromEntries(new URLSearchParams(search));
  const body = seed.body as Record<string, unknown> | undefined;
  const variants: fc.Arbitrary<BadRequest | null>[] = [];

  if (operation.auth !== "none") {
    variants.push(fc.stringMatching(/^[\x21-\x7e]{1,80}$/).map((token) => ({ what: `token ${token}`, call: { ...seed, token } })));
  }
  if (names.length > 0) {
    variants.push(
      fc.tuple(fc.integer({ min: 0, max: names.length - 1 }), fc.string({ minLength: 1, maxLength: 40 })).map(([index, value]) => {
        const values = [...pathValues];
        values[index] = encodeURIComponent(value);
        let at = 0;
        const path = operation.path.replace(/\{\w+\}/g, () => values[at++]!) + (search ? `?${search}` : "");
        return { what: `path ${names[index]}=${value}`, call: { ...seed, path } };
      }),
    );
  }
  const queryKeys = Object.keys(query);
  if (operation.query && queryKeys.length > 0) {
    variants.push(
      fc.tuple(fc.constantFrom(...queryKeys), fc.string({ maxLength: 40 })).map(([key, value]) => {
        const changed = { ...query, [key]: value };
        if (!fails(operation.query, changed)) return null;
        return { what: `query ${key}=${value}`, call: { ...seed, path: `${pathname}?${new URLSearchParams(changed)}` } };
      }),
    );
  }
  if (operation.query) {
    variants.push(
      fc.tuple(fc.string({ minLength: 1, maxLength: 12 }), fc.string({ maxLength: 40 })).map(([key, value]) => {
        const changed = { ...query, [key]: value };
        if (!fails(operation.query, changed)) return null;
        return { what: `query ${key}=${value}`, call: { ...seed, path: `${pathname}?${new URLSearchParams(changed)}` } };
      }),
    );
  }
  if (operation.body) {
    variants.push(
      jsonValue.map((value) =>
        fails(operation.body, value) ? { what: `body ${JSON.stringify(value)}`, call: { ...seed, body: value } } : null,
      ),
      fc.string({ maxLength: 60 }).map((text) => {
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          return {
            what: `raw body ${text}`,
            call: { ...seed, body: undefined, rawBody: text, headers: { ...seed.headers, "content-type": "application/json" } },
          };
        }
        return fails(operation.body, parsed)
          ? {
              what: `raw body ${text}`,
              call: { ...seed, body: undefined, rawBody: text, headers: { ...seed.headers, "content-type": "application/json" } },
            }
          : null;
      }),
      fc.constantFrom("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x").map((type) => ({
        what: `content-type ${type}`,
        call: { ...seed, body: undefined, rawBody: JSON.stringify(body ?? {}), headers: { ...seed.headers, "content-type": type } },
      })),
    );
    const bodyKeys = body && typeof body === "object" ? Object.keys(body) : [];
    if (bodyKeys.length > 0) {
      variants.push(
        fc.tuple(fc.constantFrom(...bodyKeys), jsonValue).map(([key, value]) => {
          const changed = { ...body, [key]: value };
          return fails(operation.body, changed) ? { what: `body.${key}=${JSON.stringify(value)}`, call: { ...seed, body: changed } } : null;
        }),
        fc.constantFrom(...bodyKeys).map((key) => {
          const changed = { ...body };
          delete changed[key];
          return fails(operation.body, changed) ? { what: `body without ${key}`, call: { ...seed, body: changed } } : null;
        }),
      );
    }
  }
  return fc.oneof(...variants);
}

/** Everything in the database, as text: equal snapshots mean nothing was written. */
async function snapshot(kit: ScenarioKit) {
  const tables = await kit.db.all<{ name: string }>(
    sql`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and sql not like 'create virtual table%' and name <> '__drizzle_migrations' order by name`,
  );
  const parts: string[] = [];
  for (const { name } of tables) {
    parts.push(name, JSON.stringify(await kit.db.all(sql`select * from ${sql.identifier(name)}`)));
  }
  return parts.join("\n");
}

describe.each(operations.map((operation) => ({ id: operation.id, operation })))("$id", ({ operation }) => {
  test("bad input gets a 4xx in the error envelope and writes nothing", async () => {
    const database = await createTestDatabase();
    databases.push(database);
    const clock = createTestClock();
    const app = await createTestApp({ db: database.db, clock });
    const kit: ScenarioKit = { db: database.db, clock, app, tokenFor: (userId) => accessTokenFor(database.db, userId, clock.now()) };
    const scenario = scenarios[operation.id];
    if (!scenario) throw new Error(`No contract scenario for ${operation.id}`);
    const calls = await scenario(kit);
    const { pattern } = templateOf(operation);
    const seed = calls.find(
      (call) => call.expect < 300 && call.method.toLowerCase() === operation.method && pattern.test(call.path.split("?")[0]!),
    );
    if (!seed) throw new Error(`The scenario of ${operation.id} has no successful call of it to start from`);
    // The calls before the seed set the scene (e.g. sign up first); run them so the seed's data exists.
    for (const call of calls.slice(0, calls.indexOf(seed))) await callApi(app, call);
    const before = await snapshot(kit);

    await fc.assert(
      fc.asyncProperty(badRequests(operation, seed), async (bad) => {
        if (!bad) return;
        const response = await callApi(app, bad.call);
        const text = await response.text();
        const context = `${bad.what} → ${response.status} ${text.slice(0, 300)}`;
        expect(response.status, context).toBeGreaterThanOrEqual(400);
        expect(response.status, context).toBeLessThan(500);
        expect(errorEnvelopeSchema.safeParse(JSON.parse(text)).success, context).toBe(true);
        expect(await snapshot(kit), context).toBe(before);
      }),
      { numRuns: 25 },
    );
  });
});
