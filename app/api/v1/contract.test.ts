import Ajv2020 from "ajv/dist/2020";
import { afterEach, describe, expect, test } from "vitest";
import { accessTokenFor, callApi } from "../../../tests/api-client";
import { createTestApp } from "../../../tests/app-handler";
import { createTestClock } from "../../../tests/clock";
import { createTestDatabase, type TestDatabase } from "../../../tests/test-database";
import type { ContractScenarios, ScenarioKit } from "./contract";

// Every operation in the OpenAPI document, called through the real handler by the scenarios of
// operations/*.contract.ts, and every response checked against the document: its status must be
// documented for the operation, and its body must match the schema documented for that status.

const scenarioModules = import.meta.glob<{ scenarios: ContractScenarios }>("./operations/*.contract.ts", { eager: true });
const scenarios: ContractScenarios = Object.assign({}, ...Object.values(scenarioModules).map((module) => module.scenarios));

interface OpenApiDocument {
  paths: Record<
    string,
    Record<string, { operationId: string; responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>
  >;
  components?: { schemas?: Record<string, unknown> };
}

let database: TestDatabase | undefined;
afterEach(() => database?.cleanup());

async function kit(): Promise<ScenarioKit> {
  database = await createTestDatabase();
  const clock = createTestClock();
  const db = database.db;
  const app = await createTestApp({ db, clock });
  return { db, clock, app, tokenFor: (userId) => accessTokenFor(db, userId, clock.now()) };
}

async function loadDocument() {
  const { app } = await kit();
  const response = await app.request("/api/v1/openapi.json");
  expect(response.status).toBe(200);
  return (await response.json()) as OpenApiDocument;
}

const document = await loadDocument();
database?.cleanup();
database = undefined;

const ajv = new Ajv2020({ strict: false, allErrors: true });
ajv.addSchema({ $id: "https://specialistly.invalid/openapi", components: document.components ?? {} });
ajv.addFormat("date-time", { validate: (value: string) => !Number.isNaN(Date.parse(value)) && /T.*(Z|[+-]\d\d:\d\d)$/.test(value) });
ajv.addFormat("email", true);
ajv.addFormat("uri", true);
ajv.addFormat("date", /^\d{4}-\d{2}-\d{2}$/);

/** `#/components/schemas/X` refs resolved against the document's components. */
function absolute(schema: unknown): unknown {
  return JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"https://specialistly.invalid/openapi#/components/')) as unknown;
}

const documented = Object.entries(document.paths).flatMap(([path, item]) =>
  Object.entries(item).map(([method, operation]) => ({ path, method, operation })),
);

test("the document is OpenAPI 3.1 and lists every operation once, each with a scenario", () => {
  expect(document).toMatchObject({ openapi: "3.1.0" });
  const ids = documented.map(({ operation }) => operation.operationId);
  expect(new Set(ids).size).toBe(ids.length);
  expect(ids.filter((id) => !(id in scenarios))).toEqual([]);
  expect(Object.keys(scenarios).filter((id) => !ids.includes(id))).toEqual([]);
});

describe.each(documented)("$method $path", ({ path, method, operation }) => {
  const template = new RegExp(`^${path.replace(/\{\w+\}/g, "[^/]+")}$`);
  test(`${operation.operationId}: every scenario response is documented and matches its schema`, async () => {
    const scenario = scenarios[operation.operationId];
    if (!scenario) throw new Error(`No contract scenario for ${operation.operationId}`);
    const setup = await kit();
    const calls = await scenario(setup);
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.some((call) => call.expect < 300)).toBe(true);
    for (const call of calls) {
      const response = await callApi(setup.app, call);
      const text = await response.text();
      expect({ call: `${call.method} ${call.path}`, status: response.status, body: text.slice(0, 500) }).toMatchObject({
        status: call.expect,
      });
      if (call.method.toLowerCase() === method && template.test(call.path.split("?")[0]!)) {
        const spec = operation.responses[String(response.status)];
        expect(spec, `${response.status} is not documented for ${operation.operationId}`).toBeDefined();
        const schema = spec?.content?.["application/json"]?.schema;
        if (response.status === 204 || !schema) {
          expect(text).toBe("");
        } else {
          const validate = ajv.compile(absolute(schema) as object);
          const body: unknown = JSON.parse(text);
          expect(validate(body) ? [] : validate.errors, `${operation.operationId} ${response.status}: ${text.slice(0, 300)}`).toEqual([]);
        }
      }
    }
  });
});
