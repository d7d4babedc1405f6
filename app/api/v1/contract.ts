import type { Database } from "../../../db/database";
import type { ApiCall } from "../../../tests/api-client";
import type { createTestApp } from "../../../tests/app-handler";
import type { createTestClock } from "../../../tests/clock";

// Test support: each `operations/<area>.contract.ts` exports `scenarios`, requests that exercise its
// operations against a fresh database. The contract test sends them through the real handler and
// checks each response against the OpenAPI document; the fuzz test mutates them into bad input.

export interface ScenarioKit {
  db: Database;
  clock: ReturnType<typeof createTestClock>;
  app: Awaited<ReturnType<typeof createTestApp>>;
  /** An access token for the user (read-write). */
  tokenFor: (userId: string) => Promise<string>;
}

export interface ScenarioCall extends ApiCall {
  /** The status this call must get; the body is checked against the document's schema for it. */
  expect: number;
}

/**
 * Per operation id: sets up what the calls need, then returns them in order. The first call that
 * expects a 2xx is the one the fuzz test mutates, so make it a complete valid request.
 */
export type ContractScenarios = Record<string, (kit: ScenarioKit) => Promise<ScenarioCall[]>>;
