import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { openDatabase, type DatabaseHandle } from "../db/client";
import { applyMigrations } from "../db/migrations";

export interface TestDatabase extends DatabaseHandle {
  url: string;
  dir: string;
  cleanup(): void;
}

/** A fresh, migrated libSQL file in its own temp directory. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const dir = mkdtempSync(join(tmpdir(), "specialistly-test-"));
  const url = pathToFileURL(join(dir, "test.db")).href;
  const handle = openDatabase({ url });
  await applyMigrations(handle.db);
  return {
    ...handle,
    url,
    dir,
    cleanup() {
      handle.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
