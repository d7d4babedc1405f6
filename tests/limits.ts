// Time limits for tests whose running time depends on the machine, not on the code: they run on
// a shared 2-core CI machine next to other suites, where a process start or a burst of
// concurrent writes can take many times longer than on an idle laptop. The limits only stop a
// hung test; they never decide a result, so they are generous.

/** Tests that spawn processes (server start-ups, crash children) and wait for them. */
export const processTestLimitMs = 300_000;
/** How long to wait for a spawned process to print something, or for its effects to show. */
export const processWaitMs = 120_000;
/** Tests that fire many concurrent requests or writes, or run a server in-process for them. */
export const concurrencyTestLimitMs = 180_000;
/** CPU-bound property tests with hundreds of runs. */
export const propertyTestLimitMs = 300_000;
