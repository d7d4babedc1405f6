// A database handle whose process kills itself (SIGKILL, as `kill -9` or the out-of-memory killer would) right
// after its N-th call to the database has completed. Crash tests run it in a child process and
// try every N, so each write the code makes is, in some run, the last thing it did.
import { drizzle } from "drizzle-orm/libsql";
import { openDatabase } from "../../db/client";
import { drizzleConfig } from "../../db/database";

const countedMethods = new Set(["execute", "batch", "executeMultiple", "transaction"]);

export function openCrashingDatabase(url: string, killAfterCall: number) {
  let calls = 0;
  // As the app opens it (WAL, synchronous NORMAL): a commit must survive the kill.
  const { client } = openDatabase({ url });
  const crashing = new Proxy(client, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== "function") return value;
      if (!countedMethods.has(String(property))) return (value as (...a: unknown[]) => unknown).bind(target);
      return async (...args: unknown[]) => {
        const result = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        calls++;
        if (calls === killAfterCall) process.kill(process.pid, "SIGKILL");
        return result;
      };
    },
  });
  return { db: drizzle(crashing, drizzleConfig), calls: () => calls };
}
